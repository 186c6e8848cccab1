// The Alerts section: each rule with its state, severity, value and thresholds.
import type { AlertRuleSpec } from '../protocol/monitorProtocol';
import { el } from './dom';

export function alertsSection(alerts: readonly AlertRuleSpec[]): HTMLElement {
  const box = el('section', undefined, 'section alerts');
  const heading = el('h2', 'Alerts');
  const firing = alerts.filter((a) => a.state === 'firing').length;
  heading.append(el('span', firing > 0 ? `${firing} firing` : String(alerts.length), firing > 0 ? 'count firing' : 'count'));
  box.append(heading);
  if (alerts.length === 0) {
    box.append(el('p', 'No alert rules declared under monitor.alerts.', 'empty'));
    return box;
  }
  const list = el('ul', undefined, 'rows');
  for (const alert of alerts) list.append(alertRow(alert));
  box.append(list);
  return box;
}

function alertRow(alert: AlertRuleSpec): HTMLElement {
  const active = alert.state === 'firing' || alert.state === 'pending';
  const row = el('li', undefined, `row alert ${active ? (alert.severity ?? 'warning') : alert.state}`);
  row.dataset['name'] = alert.name;
  row.dataset['state'] = alert.state;
  const thresholds = [alert.warning !== undefined ? `warning ≥ ${alert.warning}` : '', alert.critical !== undefined ? `critical ≥ ${alert.critical}` : ''].filter(Boolean);
  const state = active ? `${alert.state} (${alert.severity ?? 'warning'})` : alert.state;
  row.append(el('span', alert.name, 'name'), el('span', state, 'state'), el('span', alert.target, 'source'));
  const detail = [alert.value !== undefined ? `value ${alert.value}` : '', ...thresholds, alert.for !== '0s' ? `for ${alert.for}` : ''].filter(Boolean).join(' · ');
  row.append(el('span', detail, 'detail'));
  if (alert.since !== undefined && active) row.title = `since ${new Date(alert.since).toLocaleTimeString()}`;
  return row;
}
