import * as vscode from 'vscode';
import type { LogAppend } from '../../core/monitor/logTypes';
import { isWebviewMessage, type HostMessage, type WebviewMessage } from '../../protocol/monitorProtocol';
import { CommandId, ViewId } from '../commands/commandTable';
import { DisposableOwner } from '../disposableStore';
import type { UserPrompts } from '../prompts/userPrompts';
import { WebviewChannel } from '../webviewChannel';
import { webviewHtml } from '../webviewHtml';
import type { MonitorSnapshots } from './monitorSnapshots';
import type { LogsSession } from './logsSession';
import type { MetricsSession } from './metricsSession';

// Big refills go in slices so one message never carries megabytes.
const LINES_PER_MESSAGE = 5000;

/** Hosts the Monitor webview view: sends snapshots and numbered log lines, checks every message that comes back. */
export class MonitorView extends DisposableOwner implements vscode.WebviewViewProvider {
  private view: vscode.WebviewView | undefined;
  /** The page's messages, both ways. */
  readonly channel: WebviewChannel<HostMessage, WebviewMessage>;
  private pageReady = false;
  private pendingSource: string | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly snapshots: MonitorSnapshots,
    private readonly logs: LogsSession,
    private readonly metrics: MetricsSession,
    log: vscode.LogOutputChannel,
    private readonly prompts: UserPrompts,
  ) {
    super();
    this.channel = new WebviewChannel('Monitor', isWebviewMessage, (message) => this.handle(message), log);
    this.register(vscode.window.registerWebviewViewProvider(ViewId.monitor, this));
    this.register(snapshots.onDidChange((snapshot) => this.post({ type: 'snapshot', snapshot })));
    this.register(logs.model.onDidAppend((append) => this.forward(append)));
  }

  /** Whether VS Code created the view (first show, or show after being disposed). */
  get isResolved(): boolean {
    return this.view !== undefined;
  }

  /** Opens the panel showing only this source's (or service's) logs; log commands waiting for approval are asked first. */
  async showSource(source: string): Promise<void> {
    this.pendingSource = source;
    if (this.view && this.pageReady) this.flushSource();
    await this.logs.open('modal');
    await vscode.commands.executeCommand(`${ViewId.monitor}.focus`);
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    this.pageReady = false;
    const dist = vscode.Uri.joinPath(this.extensionUri, 'dist');
    const media = vscode.Uri.joinPath(this.extensionUri, 'media');
    view.webview.options = { enableScripts: true, localResourceRoots: [dist, media] };
    view.webview.html = webviewHtml(view.webview, {
      title: 'Monitor',
      script: vscode.Uri.joinPath(dist, 'webview.js'),
      styles: [vscode.Uri.joinPath(dist, 'uPlot.min.css'), vscode.Uri.joinPath(media, 'monitor.css')],
    });
    const listener = this.channel.attach(view.webview);
    const visibility = view.onDidChangeVisibility(() => this.metrics.setVisible(view.visible));
    this.metrics.setVisible(view.visible);
    // The user opened the Monitor: its log commands may start now (after approval).
    void this.logs.open('background');
    view.onDidDispose(() => {
      listener.dispose();
      visibility.dispose();
      if (this.view === view) {
        this.view = undefined;
        this.pageReady = false;
        this.metrics.setVisible(false);
      }
    });
  }

  private async handle(message: WebviewMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.pageReady = true;
        this.post({ type: 'snapshot', snapshot: this.snapshots.snapshot });
        this.sendFrom(message.lastLogSeq === undefined ? undefined : message.lastLogSeq + 1);
        this.flushSource();
        return;
      case 'requestLogs':
        this.sendFrom(message.fromSeq);
        return;
      case 'openConfig':
        void vscode.commands.executeCommand(CommandId.openConfig);
        return;
      case 'rendered':
        // The channel keeps what the page last drew.
        return;
      case 'openLog':
        return this.openLog(message.source);
      case 'copy':
        return vscode.env.clipboard.writeText(message.text);
      case 'view':
        this.metrics.setView({ rangeMs: message.rangeMs, widthPx: Math.min(4000, Math.round(message.widthPx)) });
        return;
    }
  }

  // Sends kept lines from `fromSeq`; a page that holds nothing, or asks for lines already
  // dropped from memory, starts over from the oldest kept line.
  private sendFrom(fromSeq: number | undefined): void {
    const model = this.logs.model;
    const restart = fromSeq === undefined || fromSeq < model.firstSeq || fromSeq > model.nextSeq;
    let seq = restart ? model.firstSeq : fromSeq;
    let first = true;
    while (seq < model.nextSeq || (first && restart)) {
      const lines = model.range(seq, Math.min(LINES_PER_MESSAGE, model.nextSeq - seq));
      this.post({ type: 'logAppend', fromSeq: seq, lines, restart: first && restart ? true : undefined });
      first = false;
      if (lines.length === 0) break;
      seq += lines.length;
    }
  }

  private forward(append: LogAppend): void {
    if (!this.view || !this.pageReady) return;
    for (let i = 0; i < append.lines.length; i += LINES_PER_MESSAGE) {
      this.post({ type: 'logAppend', fromSeq: append.fromSeq + i, lines: append.lines.slice(i, i + LINES_PER_MESSAGE) });
    }
  }


  private flushSource(): void {
    if (this.pendingSource === undefined) return;
    this.post({ type: 'showSource', source: this.pendingSource });
    this.pendingSource = undefined;
  }

  private async openLog(sourceName: string): Promise<void> {
    const source = this.snapshots.snapshot.logSources.find((s) => s.name === sourceName);
    if (!source) return;
    if (source.kind !== 'file') {
      void this.prompts.notify({ topic: 'monitor.openLog', level: 'info', text: `${source.name} streams from ${source.kind === 'command' ? 'a command' : 'the engine'} (${source.target}); it has no file to open.` });
      return;
    }
    const base = this.logs.baseDir() ?? '';
    const uri = source.target.startsWith('/') ? vscode.Uri.file(source.target) : vscode.Uri.file(`${base}/${source.target}`);
    try {
      await vscode.window.showTextDocument(uri, { preview: true });
    } catch (error) {
      void this.prompts.notify({ topic: 'monitor.openLog', level: 'warning', text: `Cannot open ${uri.fsPath}: ${error instanceof Error ? error.message : String(error)}` });
    }
  }

  private post(message: HostMessage): void {
    if (this.view) this.channel.post(message);
  }
}
