import type * as vscode from 'vscode';
import type { ConfigStore } from '../config/configStore';
import type { WorkspaceTrustGate } from '../trust/workspaceTrustGate';
import { viewMessage } from '../trees/commonRows';
import type { RowNode } from '../trees/rowNode';
import { RowTreeProvider } from '../trees/rowTreeProvider';
import type { PipelineModel } from './pipelineModel';
import { pipelineRows } from './pipelineRows';

/** The Pipeline view: stages in dependency order, then the environments. */
export class PipelineTreeProvider extends RowTreeProvider {
  constructor(
    private readonly configStore: ConfigStore,
    private readonly model: PipelineModel,
    private readonly trust: WorkspaceTrustGate,
    log: vscode.LogOutputChannel,
  ) {
    super('devops.pipeline', 'Pipeline', log);
    this.register(model.onDidChange(() => this.rebuild()));
    this.register(trust.onDidChange(() => this.rebuild()));
  }

  protected buildRows(): RowNode[] {
    return pipelineRows(this.configStore.snapshot, this.model.provider, this.model.stages(), this.model.environments());
  }

  protected buildMessage(): string | undefined {
    return viewMessage(this.configStore.snapshot, this.trust.isTrusted);
  }
}
