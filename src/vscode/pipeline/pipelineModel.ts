import * as vscode from 'vscode';
import type { EnvironmentConfig, StageConfig } from '../../core/config/schema';
import type { ConfigStore } from '../config/configStore';
import { DisposableOwner } from '../disposableStore';
import { stageOrder } from './stageOrder';

/** One stage as the Pipeline view shows it. */
export interface StageEntry {
  name: string;
  config: StageConfig;
}

/** One environment as the Pipeline view shows it. */
export interface EnvironmentEntry {
  name: string;
  config: EnvironmentConfig;
  /** Stages of kind deploy that target it. */
  deployedBy: string[];
}

/** The configured side of the Pipeline view: stages in dependency order and the environments (runs live in PipelineSession). */
export class PipelineModel extends DisposableOwner {
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.changed.event;

  constructor(private readonly configStore: ConfigStore) {
    super();
    this.register(configStore.onDidChange(() => this.changed.fire()));
  }

  stages(): StageEntry[] {
    const stages = this.configStore.snapshot.config?.pipeline?.stages ?? {};
    return stageOrder(stages).map((name) => ({ name, config: stages[name] }));
  }

  environments(): EnvironmentEntry[] {
    const config = this.configStore.snapshot.config;
    const environments = config?.environments ?? {};
    const stages = config?.pipeline?.stages ?? {};
    return Object.keys(environments).map((name) => ({
      name,
      config: environments[name],
      deployedBy: Object.keys(stages).filter((stage) => stages[stage].kind === 'deploy' && stages[stage].environment === name),
    }));
  }
}
