// Command ids in one place; package.json contributes the same ids (a test checks both agree).

export const CommandId = {
  refresh: 'devops.refresh',
  createConfig: 'devops.createConfig',
  openConfig: 'devops.openConfig',
  showMonitor: 'devops.showMonitor',
  monitorShowServiceLogs: 'devops.monitor.showServiceLogs',
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
  planRefresh: 'devops.plan.refresh',
  planShowMore: 'devops.plan.showMore',
  planShowMyItems: 'devops.plan.showMyItems',
  planShowAllItems: 'devops.plan.showAllItems',
  planMoveToStatus: 'devops.plan.moveToStatus',
  planAssignToMe: 'devops.plan.assignToMe',
  planEditPoints: 'devops.plan.editPoints',
  planAddItem: 'devops.plan.addItem',
  planStartWork: 'devops.plan.startWork',
  planOpenInBrowser: 'devops.plan.openInBrowser',
  planCopyId: 'devops.plan.copyId',
  planRevealActive: 'devops.plan.revealActiveItem',
  planSignInGithub: 'devops.plan.signInGithub',
  setGitlabToken: 'devops.setGitlabToken',
  setJiraCredentials: 'devops.setJiraCredentials',
} as const;

export type CommandIdValue = (typeof CommandId)[keyof typeof CommandId];

/** View ids, as contributed in package.json. */
/** View containers of package.json `viewsContainers`. */
export const ViewContainerId = {
  sidebar: 'devops',
  panel: 'devopsPanel',
} as const;

export const ViewId = {
  plan: 'devops.plan',
  services: 'devops.services',
  pipeline: 'devops.pipeline',
  monitor: 'devops.monitor',
} as const;

export type TreeViewIdValue = (typeof ViewId)['plan' | 'services' | 'pipeline'];
