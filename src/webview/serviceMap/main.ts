// The Service Map page: draws the graph the extension laid out as SVG, recolours on health
// messages, and asks the extension to reveal a clicked service. Every message is checked.
import { isMapHostMessage, isMapSnapshot, type MapHealth, type MapSnapshot, type MapWebviewMessage } from '../../protocol/serviceMapProtocol';
import { drawMap } from './mapSvg';
import './serviceMap.css';

interface VsCodeApi {
  postMessage(message: MapWebviewMessage): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const root = document.getElementById('root');
let current: MapSnapshot | undefined;
let nodes = new Map<string, SVGGElement>();

function show(snapshot: MapSnapshot): void {
  if (!root || (current && snapshot.revision < current.revision)) return;
  current = snapshot;
  vscode.setState({ snapshot });
  nodes = drawMap(root, snapshot, (service) => vscode.postMessage({ type: 'reveal', service }));
  vscode.postMessage({ type: 'rendered', revision: snapshot.revision, nodes: nodes.size });
}

function recolour(revision: number, health: Record<string, MapHealth>): void {
  if (!current || revision < current.revision) return;
  current = { ...current, revision, health };
  vscode.setState({ snapshot: current });
  for (const [name, group] of nodes) group.setAttribute('class', `node ${health[name] ?? 'unknown'}`);
  vscode.postMessage({ type: 'rendered', revision, nodes: nodes.size });
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const message = event.data;
  if (!isMapHostMessage(message)) return;
  if (message.type === 'snapshot') show(message.snapshot);
  else recolour(message.revision, message.health);
});

const saved: unknown = vscode.getState();
if (typeof saved === 'object' && saved !== null && 'snapshot' in saved && isMapSnapshot(saved.snapshot)) show(saved.snapshot);
vscode.postMessage({ type: 'ready' });
