import { CommandId } from '../commands/commandIds';
import type { ConfigSnapshot } from '../config/configStore';
import { infoRow, staleConfigRow } from '../trees/commonRows';
import { contextValue } from '../trees/contextValue';
import { markdown, type RowNode } from '../trees/rowNode';
import type { EnvironmentEntry, StageEntry } from './pipelineModel';

const kindIcon: Record<StageEntry['config']['kind'], string> = { run: 'gear', release: 'tag', deploy: 'rocket' };

/** The Pipeline view's rows: stages in dependency order, then the environments. */
export function pipelineRows(config: ConfigSnapshot, provider: string | undefined, stages: readonly StageEntry[], environments: readonly EnvironmentEntry[]): RowNode[] {
  if (!config.config) return [];
  const rows: RowNode[] = config.state === 'stale' ? [staleConfigRow('pipeline', config)] : [];
  const openConfig = { command: CommandId.openConfig, title: 'Open devops.yaml' };
  if (provider && provider !== 'local') {
    rows.push(infoRow('pipeline/provider', `Pipeline provider "${provider}"`, 'not available in this version yet', openConfig));
  }
  rows.push({
    id: 'pipeline/stages',
    label: 'Stages',
    description: String(stages.length),
    icon: 'list-ordered',
    contextValue: contextValue('section'),
    children: stages.length > 0 ? stages.map(stageRow) : [infoRow('pipeline/stages/none', 'No stages in devops.yaml', undefined, openConfig)],
  });
  rows.push({
    id: 'pipeline/environments',
    label: 'Environments',
    description: String(environments.length),
    icon: 'globe',
    contextValue: contextValue('section'),
    children: environments.length > 0 ? environments.map(environmentRow) : [infoRow('pipeline/environments/none', 'No environments in devops.yaml', undefined, openConfig)],
  });
  return rows;
}

function stageRow({ name, config }: StageEntry): RowNode {
  const parts = [config.kind === 'run' ? undefined : config.kind, config.environment ? `→ ${config.environment}` : undefined, config.needs.length > 0 ? `needs ${config.needs.join(', ')}` : undefined];
  return {
    id: `pipeline/stage/${name}`,
    label: name,
    description: parts.filter(Boolean).join(' · '),
    tooltip: markdown((md) => {
      md.appendMarkdown('**').appendText(name).appendMarkdown(`** (${config.kind})`);
      if (config.run) md.appendMarkdown('\n\n').appendCodeblock(config.run, 'sh');
      if (config.needs.length > 0) md.appendMarkdown('\n\n').appendText(`Needs: ${config.needs.join(', ')}`);
      if (config.timeout) md.appendMarkdown('\n\n').appendText(`Timeout: ${config.timeout}`);
    }),
    icon: kindIcon[config.kind],
    contextValue: contextValue('stage'),
    children: [],
  };
}

function environmentRow({ name, config, deployedBy }: EnvironmentEntry): RowNode {
  return {
    id: `pipeline/env/${name}`,
    label: name,
    description: [config.protected ? 'protected' : undefined, config.url].filter(Boolean).join(' · '),
    tooltip: markdown((md) => {
      md.appendMarkdown('**').appendText(name).appendMarkdown('**');
      if (config.protected) md.appendMarkdown('\n\n$(lock) ').appendText('Protected: a deploy asks for confirmation first.');
      if (config.url) md.appendMarkdown('\n\n').appendText(config.url);
      if (deployedBy.length > 0) md.appendMarkdown('\n\n').appendText(`Deployed by: ${deployedBy.join(', ')}`);
    }),
    icon: config.protected ? 'lock' : 'server-environment',
    iconColor: config.protected ? 'list.warningForeground' : undefined,
    contextValue: contextValue('environment', config.protected ? ['protected'] : []),
    children: [],
  };
}
