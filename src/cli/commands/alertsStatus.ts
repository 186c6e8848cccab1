// The Alerts part of `devops-loop status`: the rules of monitor.alerts evaluated against what
// the CLI measures now (see AlertInputs). A rule held for a duration cannot be proven held by
// one pass, so it shows as pending until --watch has sampled it long enough.
import type { DevopsConfig } from '../../core/config/schema';
import { durationText } from '../../core/duration';
import { AlertEvaluator, alertRulesFromConfig, lowerIsWorse, type AlertRule, type AlertStatus } from '../../core/monitor/alerts';
import { AlertInputs } from './alertInputs';
import { worstItemState, type StatusContext, type StatusItem, type StatusSection } from './statusReport';
import { delay } from '../../core/safeTimers';

/** Longest pause between two samples under --watch. */
const MAX_SAMPLE_GAP_MS = 5000;

export async function alertsSection(config: DevopsConfig, context: StatusContext): Promise<StatusSection> {
  const declared = config.monitor?.alerts ?? [];
  if (declared.length === 0) return { name: 'alerts', state: 'up', ok: true, summary: 'no alert rules in devops.yaml', items: [] };
  const rules = alertRulesFromConfig(declared);
  const evaluator = new AlertEvaluator(rules);
  const inputs = new AlertInputs(config, rules, context);
  try {
    await sample(inputs, evaluator, context);
    const statuses = evaluator.statuses();
    const items = rules.map((rule, i) => alertItem(rule, declared[i].for, statuses[i], inputs.noData.get(rule.name), context.watchMs));
    const critical = statuses.some((s) => s.state === 'firing' && s.severity === 'critical');
    return { name: 'alerts', state: worstItemState(items), ok: !critical, summary: summarize(statuses, inputs.noData.size), items };
  } finally {
    evaluator.dispose();
  }
}

// One pass, or under --watch samples until the window is covered: the last sample is taken
// at least watchMs after the first, so a rule held that long can be seen firing.
async function sample(inputs: AlertInputs, evaluator: AlertEvaluator, context: StatusContext): Promise<void> {
  await inputs.measureInto(evaluator);
  const first = Date.now();
  const gap = Math.min(MAX_SAMPLE_GAP_MS, Math.max(100, context.watchMs / 5));
  while (Date.now() - first < context.watchMs && !context.signal.aborted) {
    await delay(Math.min(gap, first + context.watchMs - Date.now()));
    await inputs.measureInto(evaluator);
  }
}

function alertItem(rule: AlertRule, forText: string, status: AlertStatus, noData: string | undefined, watchMs: number): StatusItem {
  const facts = {
    state: status.state,
    severity: status.severity,
    value: status.value,
    warning: rule.warning,
    critical: rule.critical,
    for: forText,
    since: new Date(status.since).toISOString(),
  };
  const base = { name: rule.name, target: subjectText(rule), alert: facts };
  if (noData !== undefined && status.state !== 'firing') return { ...base, state: 'unknown', mark: 'no data', detail: `no data: ${noData}` };
  const unit = rule.subject.kind === 'metric' ? '%' : '';
  const reading = `${subjectText(rule)} ${valueText(status.value)}${typeof status.value === 'number' ? unit : ''}`;
  switch (status.state) {
    case 'firing': {
      const level = status.severity === 'critical' ? 'critical' : 'warning';
      return { ...base, state: level === 'critical' ? 'down' : 'degraded', mark: level.toUpperCase(), detail: `${reading} ${crossing(rule, level)}${unit}, firing since ${facts.since}` };
    }
    case 'pending': {
      const level = status.severity ?? 'warning';
      const hint = watchMs > 0 ? `not held for ${forText} within --watch ${durationText(watchMs)}` : `not yet held for ${forText} (one pass; --watch ${forText} can prove it)`;
      return { ...base, state: 'unknown', mark: 'pending', detail: `${reading} ${crossing(rule, level)}${unit} now, ${hint}` };
    }
    default:
      return { ...base, state: 'up', mark: 'ok', detail: `${reading}${limitsText(rule)}` };
  }
}

function subjectText(rule: AlertRule): string {
  const subject = rule.subject;
  switch (subject.kind) {
    case 'metric':
      return subject.metric;
    case 'service':
      return `service ${subject.service}`;
    case 'query':
      return subject.query;
    case 'autoscaler-at-max':
      return `autoscaler of ${subject.workload === '*' ? 'any workload' : subject.workload} at its maximum, % of target`;
  }
}

function valueText(value: AlertStatus['value']): string {
  if (typeof value === 'number') return String(Math.round(value * 100) / 100);
  return value === null ? 'no value' : `is ${value}`;
}

// "≥ critical 95", or for a service "(down is critical)".
function crossing(rule: AlertRule, level: 'warning' | 'critical'): string {
  if (rule.subject.kind === 'service') return `(${level === 'critical' ? 'down' : 'degraded'} is ${level})`;
  return `${lowerIsWorse(rule) ? '≤' : '≥'} ${level} ${String(rule[level])}`;
}

function limitsText(rule: AlertRule): string {
  if (rule.subject.kind === 'service') return '';
  const limits = (['warning', 'critical'] as const).flatMap((level) => (rule[level] === undefined ? [] : [`${level} ${String(rule[level])}`]));
  return limits.length > 0 ? ` (${lowerIsWorse(rule) ? 'fires at or below' : 'fires at or above'} ${limits.join(', ')})` : '';
}

function summarize(statuses: readonly AlertStatus[], noData: number): string {
  const firing = statuses.filter((s) => s.state === 'firing');
  const critical = firing.filter((s) => s.severity === 'critical').length;
  const parts: string[] = [];
  if (critical > 0) parts.push(`${critical} critical`);
  if (firing.length - critical > 0) parts.push(`${firing.length - critical} warning`);
  const head = parts.length > 0 ? `${parts.join(', ')} firing` : 'none firing';
  const pending = statuses.filter((s) => s.state === 'pending').length;
  const tail = [pending > 0 && `${pending} pending`, noData > 0 && `${noData} without data`].filter(Boolean).join(', ');
  return `${head} (${statuses.length} rule${statuses.length === 1 ? '' : 's'}${tail ? `; ${tail}` : ''})`;
}
