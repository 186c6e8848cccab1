import * as z from 'zod';

// Shapes of the Jenkins answers we read: the remote access API (`…/api/json?tree=…`,
// jenkins.io/doc/book/using/remote-access-api/) and the Pipeline REST API
// (`…/wfapi/describe`, `…/wfapi/runs`, `…/execution/node/<id>/wfapi/describe`,
// jenkinsci/pipeline-stage-view-plugin rest-api).

const action = z
  .object({
    causes: z.array(z.object({ userId: z.string().nullish(), userName: z.string().nullish(), shortDescription: z.string().nullish() })).nullish(),
    lastBuiltRevision: z.object({ SHA1: z.string().nullish(), branch: z.array(z.object({ name: z.string().nullish() })).nullish() }).nullish(),
    parameters: z.array(z.object({ name: z.string(), value: z.unknown() })).nullish(),
  })
  .nullable();

export const jenkinsBuildSchema = z.object({
  number: z.number(),
  url: z.string().nullish(),
  result: z.string().nullish(),
  building: z.boolean().nullish(),
  timestamp: z.number().nullish(),
  duration: z.number().nullish(),
  displayName: z.string().nullish(),
  actions: z.array(action).nullish(),
});

export const jenkinsBuildsSchema = z.object({
  builds: z.array(jenkinsBuildSchema),
});

const wfStage = z.object({
  id: z.string(),
  name: z.string(),
  status: z.string().nullish(),
  startTimeMillis: z.number().nullish(),
  durationMillis: z.number().nullish(),
});

export const wfRunSchema = z.object({
  id: z.string(),
  name: z.string().nullish(),
  status: z.string().nullish(),
  startTimeMillis: z.number().nullish(),
  endTimeMillis: z.number().nullish(),
  durationMillis: z.number().nullish(),
  stages: z.array(wfStage).nullish(),
});

export const wfRunsSchema = z.array(wfRunSchema);

/** What an `input` step waits for: `…/<build>/wfapi/pendingInputActions`. */
export const wfPendingInputsSchema = z.array(z.object({ id: z.string(), message: z.string().nullish(), proceedText: z.string().nullish(), inputs: z.array(z.unknown()).nullish() }).passthrough());

// A step of a stage: the flow nodes `…/execution/node/<stage>/wfapi/describe` lists.
const wfFlowNode = wfStage.extend({
  parameterDescription: z.string().nullish(),
  error: z.object({ message: z.string().nullish(), type: z.string().nullish() }).nullish(),
});

export const wfStageNodeSchema = wfStage.extend({
  stageFlowNodes: z.array(wfFlowNode).nullish(),
});

export const jenkinsParametersSchema = z.object({
  property: z
    .array(
      z
        .object({
          parameterDefinitions: z
            .array(
              z.object({
                name: z.string(),
                type: z.string().nullish(),
                description: z.string().nullish(),
                choices: z.array(z.string()).nullish(),
                defaultParameterValue: z.object({ value: z.unknown() }).nullish(),
              }),
            )
            .nullish(),
        })
        .nullable(),
    )
    .nullish(),
});

export const jenkinsCrumbSchema = z.object({ crumb: z.string(), crumbRequestField: z.string() });

export type JenkinsBuild = z.output<typeof jenkinsBuildSchema>;
export type WfRun = z.output<typeof wfRunSchema>;
export type WfStageNode = z.output<typeof wfStageNodeSchema>;
