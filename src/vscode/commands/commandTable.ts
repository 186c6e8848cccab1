// The one table of command ids, with how each is reached from the Command Palette.
// package.json contributes the same ids (test/unit/commandTable.test.ts checks both
// agree, and that every id is registered through the one CommandRunner).

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
  engineScale: 'devops.engines.scale',
  engineRestart: 'devops.engines.restart',
  engineStart: 'devops.engines.start',
  engineStop: 'devops.engines.stop',
  engineDeleteMember: 'devops.engines.deletePod',
  engineShowLogs: 'devops.engines.showLogs',
  engineOpenShell: 'devops.engines.openShell',
  enginePortForward: 'devops.engines.portForward',
  engineStopPortForward: 'devops.engines.stopPortForward',
  engineAllowHost: 'devops.engines.allowHost',
  pipelineRun: 'devops.pipeline.run',
  pipelineRunStage: 'devops.pipeline.runStage',
  pipelineRerunFailed: 'devops.pipeline.rerunFailed',
  pipelineCancel: 'devops.pipeline.cancel',
  pipelineOpenLog: 'devops.pipeline.openLog',
  pipelineDeploy: 'devops.pipeline.deploy',
  pipelineRollback: 'devops.pipeline.rollback',
  pipelinePromote: 'devops.pipeline.promote',
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
  reviewCreatePullRequest: 'devops.review.createPullRequest',
  reviewMerge: 'devops.review.merge',
  ciRefresh: 'devops.ci.refresh',
  ciOpenLog: 'devops.ci.openLog',
  ciRerunFailed: 'devops.ci.rerunFailed',
  ciRerunAll: 'devops.ci.rerunAll',
  ciCancel: 'devops.ci.cancel',
  ciPlayJob: 'devops.ci.playJob',
  ciProceed: 'devops.ci.proceed',
  ciAbort: 'devops.ci.abort',
  ciOpenInBrowser: 'devops.ci.openInBrowser',
  ciTrigger: 'devops.ci.trigger',
  ciShowAllBranches: 'devops.ci.showAllBranches',
  ciShowCurrentBranch: 'devops.ci.showCurrentBranch',
  signInGithub: 'devops.signInGithub',
  setGitlabToken: 'devops.setGitlabToken',
  setJiraCredentials: 'devops.setJiraCredentials',
  setJenkinsCredentials: 'devops.setJenkinsCredentials',
  setRegistryLogin: 'devops.setRegistryLogin',
} as const;

export type CommandIdValue = (typeof CommandId)[keyof typeof CommandId];

/** How a command is reached from the Command Palette. */
export type PaletteUse =
  /** Listed there: it needs no row, or asks for what a row would give (a pick), or says clearly what is missing. */
  | 'palette'
  /** Hidden there (`when: false`): it acts on the row it was invoked on, or another command runs it with an argument. */
  | 'hidden'
  /** Not contributed: only a row's click runs it. */
  | 'internal';

const hidden: readonly CommandIdValue[] = [
  CommandId.monitorShowServiceLogs,
  CommandId.revealService,
  CommandId.pipelineOpenLog,
  CommandId.ciOpenLog,
  CommandId.ciRerunFailed,
  CommandId.ciRerunAll,
  CommandId.ciCancel,
  CommandId.ciPlayJob,
  CommandId.ciProceed,
  CommandId.ciAbort,
  CommandId.ciOpenInBrowser,
];
const internal: readonly CommandIdValue[] = [CommandId.planShowMore];

/** How the Command Palette offers a command; package.json's `menus.commandPalette` says the same. */
export function paletteUse(id: CommandIdValue): PaletteUse {
  return internal.includes(id) ? 'internal' : hidden.includes(id) ? 'hidden' : 'palette';
}

/** View containers of package.json `viewsContainers`. */
export const ViewContainerId = {
  sidebar: 'devops',
  panel: 'devopsPanel',
} as const;

/** View ids, as contributed in package.json. */
export const ViewId = {
  plan: 'devops.plan',
  services: 'devops.services',
  pipeline: 'devops.pipeline',
  ci: 'devops.ci',
  monitor: 'devops.monitor',
} as const;
