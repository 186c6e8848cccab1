import type { AlertRuleSpec, ChartSpec, LogSourceSpec, MonitorSnapshot } from '../protocol/monitorProtocol';

/** What the page can ask the extension to do. */
export interface MonitorActions {
  openConfig: () => void;
}

/** Replaces the page content with the snapshot. Built with DOM nodes and textContent only. */
export function renderSnapshot(root: HTMLElement, snapshot: MonitorSnapshot, actions: MonitorActions): void {
  const parts: HTMLElement[] = [];
  const notice = noticeFor(snapshot);
  if (notice) parts.push(el('p', notice.text, `notice ${notice.kind}`));
  if (snapshot.configState === 'missing' || snapshot.configState === 'invalid' || snapshot.configState === 'loading') {
    if (snapshot.configState !== 'loading') parts.push(button('Open devops.yaml', actions.openConfig));
    root.replaceChildren(...parts);
    return;
  }
  parts.push(section('Charts', snapshot.charts, chartCard, 'No charts declared under monitor.charts.', 'cards'));
  parts.push(section('Logs', snapshot.logSources, logSourceRow(snapshot.trusted), 'No log sources declared under monitor.logs or services.*.logs.'));
  parts.push(section('Alerts', snapshot.alerts, alertRow, 'No alert rules declared under monitor.alerts.'));
  root.replaceChildren(...parts);
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

function section<T>(title: string, items: readonly T[], render: (item: T) => HTMLElement, empty: string, listClass = 'rows'): HTMLElement {
  const box = el('section', undefined, 'section');
  const heading = el('h2', title);
  heading.append(el('span', String(items.length), 'count'));
  box.append(heading);
  if (items.length === 0) box.append(el('p', empty, 'empty'));
  else {
    const list = el('ul', undefined, listClass);
    list.append(...items.map(render));
    box.append(list);
  }
  return box;
}

function chartCard(chart: ChartSpec): HTMLElement {
  const card = el('li', undefined, 'card');
  card.dataset['id'] = chart.id;
  card.append(el('div', chart.title, 'title'), el('code', chart.source, 'source'));
  card.append(el('div', chart.kind === 'query' ? `Prometheus query${unitText(chart.unit)}` : `built-in metric${unitText(chart.unit)}`, 'detail'));
  card.append(el('div', 'waiting for data', 'placeholder'));
  return card;
}

function logSourceRow(trusted: boolean): (source: LogSourceSpec) => HTMLElement {
  return (source) => {
    const row = el('li', undefined, 'row');
    row.append(el('span', source.name, 'name'), el('code', source.target, 'source'));
    const detail = source.kind === 'command' && !trusted ? 'command · needs a trusted folder' : source.kind;
    row.append(el('span', detail, 'detail'));
    return row;
  };
}

function alertRow(alert: AlertRuleSpec): HTMLElement {
  const row = el('li', undefined, `row alert ${alert.state === 'firing' || alert.state === 'pending' ? (alert.severity ?? 'warning') : alert.state}`);
  const thresholds = [alert.warning !== undefined ? `warning ≥ ${alert.warning}` : '', alert.critical !== undefined ? `critical ≥ ${alert.critical}` : ''].filter(Boolean);
  row.append(el('span', alert.name, 'name'), el('span', alert.target, 'source'));
  row.append(el('span', [...thresholds, alert.for !== '0s' ? `for ${alert.for}` : ''].filter(Boolean).join(' · ') || alert.state, 'detail'));
  return row;
}

function unitText(unit: string | undefined): string {
  return unit ? ` · ${unit}` : '';
}

function button(label: string, onClick: () => void): HTMLElement {
  const b = el('button', label);
  b.addEventListener('click', onClick);
  return b;
}

function el(tag: string, text?: string, className?: string): HTMLElement {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}
