// The Monitor page's layout: a notice, Charts, Logs and Alerts. Sections are built once
// and updated from snapshots, so the log list and charts keep their DOM and scroll.
import type { MonitorSnapshot } from '../protocol/monitorProtocol';
import { alertsSection } from './alertsList';
import { ChartsPanel } from './charts';
import { button, el } from './dom';
import { LogPanel } from './logPanel';
import type { LogStore } from './logStore';
import type { PanelState } from './panelState';

/** What the page can ask the extension to do. */
export interface MonitorActions {
  openConfig(): void;
  openLog(source: string): void;
  copy(text: string): void;
  view(rangeMs: number, widthPx: number): void;
  /** The panel's own state changed; save it. */
  changed(): void;
}

export class MonitorPage {
  private readonly notice = el('p', undefined, 'notice');
  private readonly openConfig: HTMLButtonElement;
  private readonly body = el('div', undefined, 'monitor-body');
  private readonly alerts = el('div', undefined, 'alerts-slot');
  private readonly notes = el('p', undefined, 'chart-notes');
  readonly charts: ChartsPanel;
  readonly logs: LogPanel;

  constructor(root: HTMLElement, store: LogStore, state: PanelState, actions: MonitorActions) {
    this.charts = new ChartsPanel(state, actions);
    this.logs = new LogPanel(store, state, actions);
    this.openConfig = button('Open devops.yaml', () => actions.openConfig());
    this.body.append(this.charts.element, this.notes, this.alerts, this.logs.element);
    root.replaceChildren(this.notice, this.openConfig, this.body);
  }

  render(snapshot: MonitorSnapshot): void {
    const notice = noticeFor(snapshot);
    this.notice.textContent = notice?.text ?? '';
    this.notice.className = `notice ${notice?.kind ?? ''}`;
    this.notice.hidden = !notice;
    const blocked = snapshot.configState === 'missing' || snapshot.configState === 'invalid' || snapshot.configState === 'loading';
    this.openConfig.hidden = !(snapshot.configState === 'missing' || snapshot.configState === 'invalid');
    this.body.hidden = blocked;
    if (blocked) return;
    this.charts.update(snapshot.charts);
    this.notes.textContent = (snapshot.notes ?? []).join('\n');
    this.notes.hidden = !snapshot.notes?.length;
    this.logs.setSources(snapshot.logSources, snapshot.trusted);
    this.alerts.replaceChildren(alertsSection(snapshot.alerts));
  }
}

function noticeFor(snapshot: MonitorSnapshot): { text: string; kind: string } | undefined {
  switch (snapshot.configState) {
    case 'loading':
      return { text: 'Reading devops.yaml…', kind: 'info' };
    case 'missing':
      return { text: 'No devops.yaml in this workspace. Create one from the DevOps view.', kind: 'info' };
    case 'invalid':
      return { text: 'devops.yaml has problems (see the Problems panel) and there is no earlier valid version to show.', kind: 'error' };
    case 'stale':
      return { text: 'devops.yaml has errors: showing the last good version.', kind: 'warning' };
    case 'valid':
      return snapshot.trusted ? undefined : { text: 'Restricted Mode: log commands do not run until you trust this folder.', kind: 'warning' };
  }
}
