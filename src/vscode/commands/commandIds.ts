// Command ids in one place; package.json contributes the same ids (a test checks both agree).

export const CommandId = {
  refresh: 'devops.refresh',
  createConfig: 'devops.createConfig',
  openConfig: 'devops.openConfig',
  showMonitor: 'devops.showMonitor',
  revealProblem: 'devops.revealProblem',
  showServiceMap: 'devops.showServiceMap',
  revealService: 'devops.services.reveal',
  openServiceUrl: 'devops.services.openUrl',
  showServiceLogs: 'devops.services.showLogs',
  runServiceAction: 'devops.services.runAction',
  importServices: 'devops.services.import',
  probeServices: 'devops.services.probeNow',
  pipelineRun: 'devops.pipeline.run',
  pipelineRunStage: 'devops.pipeline.runStage',
  pipelineRerunFailed: 'devops.pipeline.rerunFailed',
  pipelineCancel: 'devops.pipeline.cancel',
  pipelineOpenLog: 'devops.pipeline.openLog',
  pipelineDeploy: 'devops.pipeline.deploy',
} as const;

export type CommandIdValue = (typeof CommandId)[keyof typeof CommandId];

/** View ids, as contributed in package.json. */
export const ViewId = {
  plan: 'devops.plan',
  services: 'devops.services',
  pipeline: 'devops.pipeline',
  monitor: 'devops.monitor',
} as const;

export type TreeViewIdValue = (typeof ViewId)['plan' | 'services' | 'pipeline'];
