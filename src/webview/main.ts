// The Monitor panel's page. It renders what the extension sends and nothing else: every
// message is checked against the protocol, every text goes in as text, never as HTML.
import { isHostMessage, isMonitorSnapshot, type LogLine, type MonitorSnapshot, type WebviewMessage } from '../protocol/monitorProtocol';
import { renderSnapshot } from './monitorView';

interface VsCodeApi {
  postMessage(message: WebviewMessage): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const root = document.getElementById('root');
let snapshot: MonitorSnapshot | undefined;
const lines: LogLine[] = [];
const MAX_LINES = 100_000;

function show(next: MonitorSnapshot): void {
  if (snapshot && next.revision < snapshot.revision) return;
  snapshot = next;
  vscode.setState({ snapshot });
  if (!root) return;
  renderSnapshot(root, next, { openConfig: () => vscode.postMessage({ type: 'openConfig' }) });
  vscode.postMessage({ type: 'rendered', revision: next.revision });
}

// Lines are numbered: a repeat is skipped, a gap asks the extension to send the rest again.
function append(incoming: readonly LogLine[]): void {
  for (const line of incoming) {
    const last = lines[lines.length - 1];
    if (last && line.seq <= last.seq) continue;
    if (last && line.seq !== last.seq + 1) {
      vscode.postMessage({ type: 'requestLogs', fromSeq: last.seq + 1 });
      return;
    }
    lines.push(line);
  }
  if (lines.length > MAX_LINES) lines.splice(0, lines.length - MAX_LINES);
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const message = event.data;
  if (!isHostMessage(message)) return;
  if (message.type === 'snapshot') show(message.snapshot);
  else append(message.lines);
});

const saved: unknown = vscode.getState();
if (typeof saved === 'object' && saved !== null && 'snapshot' in saved && isMonitorSnapshot(saved.snapshot)) show(saved.snapshot);
vscode.postMessage({ type: 'ready', lastLogSeq: lines[lines.length - 1]?.seq });
