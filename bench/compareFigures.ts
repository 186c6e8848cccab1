import { ruleOf } from './figureRules';
import type { FigureRule } from './figureRules';

// Turns a run's figures into rows: each figure next to its floor, the ratio between
// them, the committed run's ratio, and whether it regressed or misses its target.

export type Figures = Record<string, number>;

/** Worse by more than this share against the committed run fails the bench. */
export const REGRESSION_LIMIT = 0.2;
/** Timings that differ by this many ms or less are noise, whatever the ratio says: VS Code's marks have whole milliseconds. */
const NOISE_MS = 1;
/** Heaps measured after a collection differ by this much between runs of the same code. */
const NOISE_MB = 2;

export interface FigureRow {
  name: string;
  value: number;
  floorName?: string;
  floorValue?: number;
  /** Cost ÷ floor (or rate ÷ floor); the machine's load cancels out of it. */
  ratio?: number;
  baselineRatio?: number;
  /** Change against the committed run, as a share; positive is worse. */
  worseBy?: number;
  regressed: boolean;
  /** undefined when the figure has no target. */
  meetsTarget?: boolean;
  target?: string;
}

export function compareFigures(figures: Figures, baseline: Figures | undefined): FigureRow[] {
  const rows: FigureRow[] = [];
  for (const [name, value] of Object.entries(figures)) {
    const rule = ruleOf(name);
    if (!rule) continue;
    const floorValue = rule.floor === undefined ? undefined : figures[rule.floor];
    const ratio = floorValue ? value / floorValue : undefined;
    const row: FigureRow = { name, value, floorName: rule.floor, floorValue, ratio, regressed: false, ...targetOf(rule, value, floorValue, ratio) };
    if (baseline && baseline[name] !== undefined && !rule.informational) compareWithBaseline(row, rule, baseline);
    rows.push(row);
  }
  return rows;
}

function compareWithBaseline(row: FigureRow, rule: FigureRule, baseline: Figures): void {
  const baseFloor = rule.floor === undefined ? undefined : baseline[rule.floor];
  // With a floor on both sides, the ratios are compared; without one, the values.
  const now = row.ratio ?? row.value;
  const then = row.ratio !== undefined && baseFloor ? baseline[row.name] / baseFloor : row.ratio === undefined ? baseline[row.name] : undefined;
  // A share of nothing (or of a heap that shrank) says nothing.
  if (then === undefined || then <= 0) return;
  row.baselineRatio = row.ratio !== undefined ? then : undefined;
  row.worseBy = rule.better === 'lower' ? now / then - 1 : then / now - 1;
  const tinyTiming = /(Ms|\.ms)$/.test(row.name) && Math.abs(row.value - baseline[row.name]) <= NOISE_MS;
  const tinyHeap = /MB$/.test(row.name) && Math.abs(row.value - baseline[row.name]) < NOISE_MB;
  row.regressed = row.worseBy > REGRESSION_LIMIT && !tinyTiming && !tinyHeap;
}

function targetOf(rule: FigureRule, value: number, floorValue: number | undefined, ratio: number | undefined): Pick<FigureRow, 'meetsTarget' | 'target'> {
  const atMost = rule.better === 'lower';
  if (rule.targetMarginOverFloor !== undefined && floorValue !== undefined) {
    return { meetsTarget: value - floorValue <= rule.targetMarginOverFloor, target: `≤ floor + ${rule.targetMarginOverFloor}` };
  }
  if (rule.targetRatio !== undefined && ratio !== undefined) {
    return { meetsTarget: atMost ? ratio <= rule.targetRatio : ratio >= rule.targetRatio, target: `${atMost ? '≤' : '≥'} ${rule.targetRatio}× floor` };
  }
  if (rule.targetValue !== undefined) {
    return { meetsTarget: atMost ? value <= rule.targetValue : value >= rule.targetValue, target: `${atMost ? '≤' : '≥'} ${rule.targetValue}` };
  }
  return {};
}

/** The table `npm run bench` prints. */
export function formatRows(rows: readonly FigureRow[]): string {
  const cells = rows.map((row) => [
    row.name,
    formatNumber(row.value),
    row.floorName ? `${row.floorName} ${formatNumber(row.floorValue)}` : '',
    row.ratio === undefined ? '' : `${formatNumber(row.ratio)}×`,
    row.baselineRatio === undefined ? '' : `${formatNumber(row.baselineRatio)}×`,
    row.worseBy === undefined ? '' : `${row.worseBy > 0 ? '+' : ''}${Math.round(row.worseBy * 100)}%${row.regressed ? ' REGRESSED' : ''}`,
    row.target === undefined ? '' : `${row.target} ${row.meetsTarget ? 'ok' : 'MISSED'}`,
  ]);
  const header = ['figure', 'value', 'floor (same run)', 'ratio', 'committed', 'change', 'target'];
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  return [header, ...cells].map((line) => line.map((cell, i) => cell.padEnd(widths[i])).join('  ').trimEnd()).join('\n');
}

function formatNumber(value: number | undefined): string {
  if (value === undefined) return '-';
  if (Math.abs(value) >= 100) return String(Math.round(value));
  return String(Math.round(value * 100) / 100);
}
