import * as z from 'zod';

// The parts of Jira payloads the plan provider reads, checked where they enter. Shapes
// from developer.atlassian.com: Jira Software Cloud REST (agile 1.0: board sprints,
// sprint issues) and Jira Cloud platform REST v3 (transitions, myself).

export const jiraSprintSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  state: z.string(),
  startDate: z.string().optional(),
  endDate: z.string().optional(),
  goal: z.string().nullable().optional(),
  self: z.string().optional(),
});

export const jiraSprintPageSchema = z.object({
  startAt: z.number().optional(),
  maxResults: z.number().optional(),
  isLast: z.boolean().optional(),
  values: z.array(jiraSprintSchema),
});

const statusSchema = z.object({
  name: z.string(),
  statusCategory: z.object({ key: z.string() }).optional(),
});

const userSchema = z.object({
  accountId: z.string().optional(),
  name: z.string().optional(),
  displayName: z.string().optional(),
  emailAddress: z.string().optional(),
});

export const jiraIssueSchema = z.object({
  id: z.string(),
  key: z.string(),
  fields: z
    .object({
      summary: z.string(),
      status: statusSchema,
      assignee: userSchema.nullable().optional(),
      labels: z.array(z.string()).optional(),
    })
    .catchall(z.unknown()),
});

export const jiraIssuePageSchema = z.object({
  startAt: z.number().optional(),
  maxResults: z.number().optional(),
  total: z.number().optional(),
  isLast: z.boolean().optional(),
  nextPageToken: z.string().nullable().optional(),
  issues: z.array(jiraIssueSchema),
});

export const jiraTransitionsSchema = z.object({
  transitions: z.array(z.object({ id: z.string(), name: z.string(), to: statusSchema })),
});

export const jiraUserSchema = userSchema;

export const jiraCreatedSchema = z.object({ id: z.string(), key: z.string() });

export type JiraSprint = z.output<typeof jiraSprintSchema>;
export type JiraIssue = z.output<typeof jiraIssueSchema>;
export type JiraUser = z.output<typeof jiraUserSchema>;
export type JiraStatus = z.output<typeof statusSchema>;
