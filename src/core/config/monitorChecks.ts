import type { DevopsConfig } from './schema';
import type { Report } from './report';
import { didYouMean } from '../yaml/didYouMean';

// Monitor charts, alerts and log sources: each must say what it watches, and PromQL
// needs a Prometheus to ask.

export function checkMonitor(config: DevopsConfig, report: Report): void {
  const monitor = config.monitor;
  if (!monitor) return;
  const hasPrometheus = monitor.prometheus !== undefined;
  monitor.charts.forEach((chart, i) => {
    const path = ['monitor', 'charts', i];
    if (chart.query === undefined && chart.metric === undefined) report(path, 'error', 'no-source', `chart \`${chart.title}\` needs \`query\` or \`metric\``);
    if (chart.query !== undefined && !hasPrometheus) report([...path, 'query'], 'error', 'no-prometheus', 'a `query` needs `monitor.prometheus.url`', 'key');
  });
  const services = Object.keys(config.services);
  const alertLines = new Map<string, number>();
  monitor.alerts.forEach((alert, i) => {
    const path = ['monitor', 'alerts', i];
    if (alertLines.has(alert.name)) report([...path, 'name'], 'error', 'duplicate-name', `alert \`${alert.name}\` is declared twice (first as alert ${alertLines.get(alert.name)! + 1})`);
    else alertLines.set(alert.name, i);
    if (alert.service !== undefined && !(alert.service in config.services)) {
      report([...path, 'service'], 'error', 'unknown-reference', `alert \`${alert.name}\` watches service \`${alert.service}\`, which is not declared in \`services\`${didYouMean(alert.service, services)}`);
    }
    const sources = [alert.service, alert.query, alert.metric].filter((s) => s !== undefined).length;
    if (sources === 0) report(path, 'error', 'no-source', `alert \`${alert.name}\` needs \`service\`, \`query\` or \`metric\``);
    if (sources > 1) report(path, 'warning', 'many-sources', `alert \`${alert.name}\` should watch one of \`service\`, \`query\` or \`metric\`, not several`);
    if (alert.query !== undefined && !hasPrometheus) report([...path, 'query'], 'error', 'no-prometheus', 'a `query` needs `monitor.prometheus.url`', 'key');
    if ((alert.query !== undefined || alert.metric !== undefined) && alert.warning === undefined && alert.critical === undefined) {
      report(path, 'warning', 'no-threshold', `alert \`${alert.name}\` has no \`warning\` or \`critical\` threshold, so it never fires`);
    }
  });
  const logNames = new Set<string>();
  monitor.logs.forEach((log, i) => {
    const path = ['monitor', 'logs', i];
    if (log.file === undefined && log.command === undefined) report(path, 'error', 'no-log-source', 'a log source needs `file` or `command`');
    if (log.name !== undefined && logNames.has(log.name)) report([...path, 'name'], 'warning', 'duplicate-name', `log \`${log.name}\` is declared twice`);
    if (log.name !== undefined) logNames.add(log.name);
  });
}
