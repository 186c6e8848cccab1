// The Monitor panel's page. It renders what the extension sends and nothing else: every
// message is checked against the protocol, every text goes in as text, never as HTML.
import { isHostMessage, isMonitorSnapshot, type MonitorSnapshot, type WebviewMessage } from '../protocol/monitorProtocol';
import { isRecord } from '../protocol/guards';
import { LogStore } from './logStore';
import { MonitorPage } from './monitorView';
import { defaultPanelState, isPanelState, type PanelState } from './panelState';

interface VsCodeApi {
  postMessage(message: WebviewMessage): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const root = document.getElementById('root') ?? document.body;
const saved: unknown = vscode.getState();
const state: PanelState = isRecord(saved) && isPanelState(saved['panel']) ? saved['panel'] : defaultPanelState();
let snapshot: MonitorSnapshot | undefined = isRecord(saved) && isMonitorSnapshot(saved['snapshot']) ? saved['snapshot'] : undefined;
const store = new LogStore();
let saveTimer: number | undefined;

function save(): void {
  // Scrolling saves often; one write per quarter second is enough.
  saveTimer ??= window.setTimeout(() => {
    saveTimer = undefined;
    state.scrollTop = page.logs.list.scrollTop;
    vscode.setState({ panel: state, snapshot });
  }, 250);
}

const page = new MonitorPage(root, store, state, {
  openConfig: () => vscode.postMessage({ type: 'openConfig' }),
  openLog: (source) => vscode.postMessage({ type: 'openLog', source }),
  copy: (text) => vscode.postMessage({ type: 'copy', text }),
  view: (rangeMs, widthPx) => vscode.postMessage({ type: 'view', rangeMs, widthPx }),
  changed: save,
});
page.logs.list.element.addEventListener('scroll', save, { passive: true });

function show(next: MonitorSnapshot): void {
  if (snapshot && next.revision < snapshot.revision) return;
  snapshot = next;
  page.render(next);
  save();
  vscode.postMessage({ type: 'rendered', revision: next.revision });
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const message = event.data;
  if (!isHostMessage(message)) return;
  switch (message.type) {
    case 'snapshot':
      show(message.snapshot);
      return;
    case 'showSource':
      page.logs.showSource(message.source);
      page.logs.list.setFollowing(true);
      return;
    case 'logAppend': {
      const result = store.append(message.lines, message.restart === true);
      if (result.gapFrom !== undefined) vscode.postMessage({ type: 'requestLogs', fromSeq: result.gapFrom });
      page.logs.refresh();
      return;
    }
  }
});

if (snapshot) show(snapshot);
if (!state.following) page.logs.list.setFollowing(false);
page.logs.list.restoreScroll(state.scrollTop);
page.charts.reportView();
vscode.postMessage({ type: 'ready', lastLogSeq: store.lastSeq });
