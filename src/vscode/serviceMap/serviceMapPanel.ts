import * as vscode from 'vscode';
import { loadOnDemand } from '../../core/loadOnDemand';
import { isMapWebviewMessage, type MapHealth, type MapHostMessage, type MapSnapshot, type MapWebviewMessage } from '../../protocol/serviceMapProtocol';
import { DisposableOwner } from '../disposableStore';
import type { UserPrompts } from '../prompts/userPrompts';
import type { EnginesSession } from '../engines/enginesSession';
import type { ServicesSession } from '../services/servicesSession';
import { liveMapNodes, type LiveMapNodes } from '../../core/engines/liveMapNodes';
import { WebviewChannel } from '../webviewChannel';
import { webviewHtml } from '../webviewHtml';

/**
 * The Service Map panel: the host lays the dependency graph out (dagre) when services
 * change and sends positions; health changes send only colours. While open, the map is a
 * looker like the view, so probes keep running.
 */
export class ServiceMapPanel extends DisposableOwner {
  private panel: vscode.WebviewPanel | undefined;
  private revision = 0;
  private healthPending = false;
  /** The page's messages, both ways. */
  readonly channel: WebviewChannel<MapHostMessage, MapWebviewMessage>;
  /** Panels that already showed a failed layout, so a broken install says so once per panel. */
  private readonly failureShown = new WeakSet<vscode.WebviewPanel>();
  /** The live workloads last laid out, so only a new or gone workload lays the map out again. */
  private workloadKey = '';

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly services: ServicesSession,
    private readonly reveal: (service: string) => Promise<unknown>,
    private readonly log: vscode.LogOutputChannel,
    private readonly prompts: UserPrompts,
    private readonly engines: EnginesSession,
    /** Shows a workload's row in the Services view. */
    private readonly revealRow: (rowId: string) => Promise<unknown>,
  ) {
    super();
    this.channel = new WebviewChannel('Service map', isMapWebviewMessage, (message) => this.handle(message), log);
    const { model } = services;
    this.register(model.onDidChangeServices(() => void this.postSnapshot()));
    this.register(model.onDidChangeService(() => this.scheduleHealth()));
    this.register(engines.onDidChange(() => this.enginesChanged()));
    this.register(new vscode.Disposable(() => {
      this.panel?.dispose();
    }));
  }

  show(): void {
    if (this.panel) {
      this.panel.reveal();
      return;
    }
    const dist = vscode.Uri.joinPath(this.extensionUri, 'dist');
    const panel = vscode.window.createWebviewPanel('devops.serviceMap', 'Service Map', vscode.ViewColumn.Active, {
      enableScripts: true,
      localResourceRoots: [dist],
      retainContextWhenHidden: false,
    });
    this.panel = panel;
    panel.webview.html = webviewHtml(panel.webview, {
      title: 'Service Map',
      script: vscode.Uri.joinPath(dist, 'serviceMap.js'),
      styles: [vscode.Uri.joinPath(dist, 'serviceMap.css')],
    });
    const watch = this.services.model.watch();
    const listener = this.channel.attach(panel.webview);
    panel.onDidDispose(() => {
      listener.dispose();
      watch.dispose();
      if (this.panel === panel) this.panel = undefined;
    });
  }

  private handle(message: MapWebviewMessage): void {
    switch (message.type) {
      case 'ready':
        void this.postSnapshot();
        return;
      case 'reveal': {
        if (this.services.model.service(message.service)) void this.reveal(message.service);
        const workload = this.live().workloads.get(message.service);
        if (workload) void this.revealRow(`workload/${workload.workloadId}`);
        return;
      }
      case 'rendered':
        // The channel keeps what the page last drew.
        return;
    }
  }

  private health(): Record<string, MapHealth> {
    return { ...Object.fromEntries(this.services.model.services().map((s) => [s.name, s.state])), ...this.live().health };
  }

  private live(): LiveMapNodes {
    return liveMapNodes(this.engines.services(), new Set(this.services.model.names()));
  }

  // A snapshot that only changed states recolours; one that added or removed a workload lays out again.
  private enginesChanged(): void {
    const key = [...this.live().workloads.keys()].join('\n');
    if (key === this.workloadKey) return this.scheduleHealth();
    this.workloadKey = key;
    void this.postSnapshot();
  }

  // dagre loads with the first map, not with the extension.
  private async snapshot(): Promise<MapSnapshot> {
    const { layoutServiceMap } = await loadOnDemand('service map', () => import('../../core/services/serviceMapLayout.lazy.js'));
    const snapshots = this.services.model.services();
    const workloads = [...this.live().workloads.keys()];
    const layout = layoutServiceMap({ names: [...snapshots.map((s) => s.name), ...workloads], dependsOn: new Map([...snapshots.map((s): [string, string[]] => [s.name, s.dependsOn]), ...workloads.map((w): [string, string[]] => [w, []])]) });
    // Numbered after the await, so a health message sent meanwhile never outranks it.
    return { revision: ++this.revision, ...layout, health: this.health() };
  }

  private async postSnapshot(): Promise<void> {
    const panel = this.panel;
    if (!panel) return;
    try {
      const snapshot = await this.snapshot();
      if (this.panel === panel) this.post({ type: 'snapshot', snapshot });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.log.error('Service map:', message);
      if (this.panel === panel && !this.failureShown.has(panel)) {
        this.failureShown.add(panel);
        void this.prompts.notify({ topic: 'serviceMap.failed', level: 'error', text: `Service map: ${message}` });
      }
    }
  }

  // Probe results arrive one by one; one recolour per tick is enough for the eye.
  private scheduleHealth(): void {
    if (!this.panel || this.healthPending) return;
    this.healthPending = true;
    queueMicrotask(() => {
      this.healthPending = false;
      if (this.panel) this.post({ type: 'health', revision: ++this.revision, health: this.health() });
    });
  }

  private post(message: MapHostMessage): void {
    if (this.panel) this.channel.post(message);
  }
}
