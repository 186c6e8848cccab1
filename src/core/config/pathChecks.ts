import type { DevopsConfig } from './schema';
import type { Report } from './report';
import { pathLeavesWorkspace } from '../workspacePath';
import type { YamlPath } from '../yaml/yamlSource';

// Every path devops.yaml names must stay in its folder (see workspacePath.ts); what can be
// seen without the disk (`..`, absolute paths) is an error at its line. Links are checked
// when the file is used.

export function checkPaths(config: DevopsConfig, report: Report): void {
  const check = (path: YamlPath, file: string | undefined): void => {
    const why = file === undefined ? undefined : pathLeavesWorkspace(file);
    if (why !== undefined) report(path, 'error', 'path-outside', `"${file}" ${why}`);
  };
  if (config.plan?.provider === 'file') check(['plan', 'file'], config.plan.file);
  for (const [name, stage] of Object.entries(config.pipeline?.stages ?? {})) {
    const at = ['pipeline', 'stages', name];
    stage.reports.forEach((report, i) => check([...at, 'reports', i], report));
    check([...at, 'cwd'], stage.cwd);
    check([...at, 'versionFile'], stage.versionFile);
    check([...at, 'context'], stage.context);
    check([...at, 'dockerfile'], stage.dockerfile);
  }
  for (const [name, service] of Object.entries(config.services)) service.logs.forEach((log, i) => check(['services', name, 'logs', i, 'file'], log.file));
  (config.monitor?.logs ?? []).forEach((log, i) => check(['monitor', 'logs', i, 'file'], log.file));
}
