// The Charts section: one uPlot chart per declared chart, a range picker and pause.
// Colours come from the editor theme's CSS variables; uPlot's legend is the hover read-out.
// A chart is drawn once per new data: an update with the same points draws nothing, a
// chart out of view waits until it is scrolled in, and an existing chart takes new data
// through setData on its canvas instead of being built again.
import uPlot from 'uplot';
import type { ChartLine, ChartSpec } from '../protocol/monitorProtocol';
import { chartTheme } from './chartTheme';
import { button, el } from './dom';
import { RANGES, type PanelState } from './panelState';

/** What the charts section asks of the page. */
export interface ChartsActions {
  /** The range or width changed: the extension queries for what is drawn. */
  view(rangeMs: number, widthPx: number): void;
  /** Panel state changed (range, pause). */
  changed(): void;
}

const CHART_HEIGHT = 140;

interface Drawn {
  card: HTMLElement;
  plot?: uPlot;
  shape: string;
  message: HTMLElement;
  /** The lines the plot shows. */
  lines?: ChartLine[];
  /** False once the card was seen out of view; unknown counts as in view. */
  inView: boolean;
  /** Lines that arrived while out of view, drawn when it comes into view. */
  waiting?: ChartSpec;
}

export class ChartsPanel {
  readonly element = el('section', undefined, 'section charts');
  private readonly grid = el('div', undefined, 'cards');
  private readonly drawn = new Map<string, Drawn>();
  private readonly pauseButton: HTMLButtonElement;
  private latest: ChartSpec[] = [];
  private width: number | undefined;
  private readonly visibility = new IntersectionObserver((entries) => this.seen(entries));

  constructor(
    private readonly state: PanelState,
    private readonly actions: ChartsActions,
  ) {
    const heading = el('h2', 'Charts');
    const picker = el('select', undefined, 'range-picker');
    picker.title = 'Time range';
    for (const range of RANGES) {
      const o = el('option', range.label);
      o.value = String(range.ms);
      picker.append(o);
    }
    picker.value = String(state.rangeMs);
    picker.addEventListener('change', () => {
      state.rangeMs = Number(picker.value);
      this.reportView();
      actions.changed();
    });
    this.pauseButton = button(state.paused ? 'Resume' : 'Pause', () => this.togglePause(), 'Freeze the charts');
    this.pauseButton.className = 'pause';
    const bar = el('div', undefined, 'chart-bar');
    bar.append(picker, this.pauseButton);
    this.element.append(heading, bar, this.grid);
    new ResizeObserver((entries) => this.resize(entries.at(-1)?.contentRect.width)).observe(this.grid);
  }

  /** Tells the extension what is drawn now. */
  reportView(): void {
    this.actions.view(this.state.rangeMs, this.chartWidth());
  }

  update(charts: ChartSpec[]): void {
    this.latest = charts;
    if (this.state.paused && this.drawn.size > 0) return;
    const ids = new Set(charts.map((c) => c.id));
    for (const [id, drawn] of this.drawn) {
      if (ids.has(id)) continue;
      drawn.plot?.destroy();
      this.visibility.unobserve(drawn.card);
      drawn.card.remove();
      this.drawn.delete(id);
    }
    if (charts.length === 0) this.grid.replaceChildren(el('p', 'No charts declared under monitor.charts.', 'empty'));
    else this.grid.querySelector(':scope > .empty')?.remove();
    for (const chart of charts) this.draw(chart);
  }

  private togglePause(): void {
    this.state.paused = !this.state.paused;
    this.pauseButton.textContent = this.state.paused ? 'Resume' : 'Pause';
    if (!this.state.paused) this.update(this.latest);
    this.actions.changed();
  }

  private draw(chart: ChartSpec): void {
    let drawn = this.drawn.get(chart.id);
    if (!drawn) {
      const card = el('div', undefined, 'card chart');
      card.dataset['id'] = chart.id;
      card.append(el('div', chart.unit ? `${chart.title} (${chart.unit})` : chart.title, 'title'));
      const message = el('div', undefined, 'placeholder');
      card.append(message);
      this.grid.append(card);
      drawn = { card, shape: '', message, inView: true };
      this.drawn.set(chart.id, drawn);
      this.visibility.observe(card);
    }
    const lines = chart.lines ?? [];
    const hasPoints = lines.some((l) => l.timestamps.length > 0);
    drawn.message.textContent = chart.error ? chart.error : hasPoints ? '' : chart.kind === 'metric' && chart.source === 'latency' ? 'waiting for probe results' : 'waiting for data';
    drawn.message.className = chart.error ? 'placeholder error' : 'placeholder';
    drawn.card.dataset['points'] = String(lines.reduce((sum, l) => sum + l.timestamps.length, 0));
    if (!hasPoints) return;
    if (!drawn.inView) {
      drawn.waiting = chart;
      return;
    }
    drawn.waiting = undefined;
    if (drawn.lines && sameLines(drawn.lines, lines)) return;
    drawn.lines = lines;
    const data = uPlot.join(lines.map((l) => [l.timestamps, l.values] as uPlot.AlignedData));
    const shape = lines.map((l) => l.label).join('\n');
    if (drawn.plot && drawn.shape === shape) {
      drawn.plot.setData(data);
      return;
    }
    drawn.plot?.destroy();
    drawn.shape = shape;
    drawn.plot = new uPlot(chartOptions(chart, lines.map((l) => l.label), this.chartWidth()), data, drawn.card);
  }

  private seen(entries: IntersectionObserverEntry[]): void {
    for (const entry of entries) {
      const drawn = [...this.drawn.values()].find((d) => d.card === entry.target);
      if (!drawn) continue;
      drawn.inView = entry.isIntersecting;
      if (drawn.inView && drawn.waiting) this.draw(drawn.waiting);
    }
  }

  private chartWidth(): number {
    // The grid's width as the ResizeObserver last reported it: reading clientWidth here
    // would force a layout while the page is being built.
    const width = this.width ?? this.grid.clientWidth;
    if (width <= 0) return 600;
    // A card's padding and border take 18 px of its column; two columns share an 8 px gap.
    return Math.max(200, Math.floor(width >= 700 ? width / 2 - 24 : width - 20));
  }

  private resize(width: number | undefined): void {
    // Cards added or removed change the grid's height only: nothing to redraw.
    if (width === undefined || width === this.width) return;
    this.width = width;
    const chartWidth = this.chartWidth();
    for (const drawn of this.drawn.values()) drawn.plot?.setSize({ width: chartWidth, height: CHART_HEIGHT });
  }
}

function sameLines(a: readonly ChartLine[], b: readonly ChartLine[]): boolean {
  return a.length === b.length && a.every((line, i) => line.label === b[i].label && sameValues(line.timestamps, b[i].timestamps) && sameValues(line.values, b[i].values));
}

function sameValues(a: readonly (number | null)[], b: readonly (number | null)[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** uPlot options for a chart: epoch-ms x axis, theme colours, legend as hover read-out. */
export function chartOptions(chart: Pick<ChartSpec, 'title' | 'unit'>, labels: string[], width: number): uPlot.Options {
  const { foreground, grid, palette } = chartTheme();
  const unit = chart.unit ?? '';
  const axis = { stroke: foreground, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 } };
  return {
    width,
    height: CHART_HEIGHT,
    ms: 1,
    legend: { show: true, live: true },
    cursor: { drag: { x: false, y: false } },
    scales: { x: { time: true } },
    axes: [axis, { ...axis, size: 50, values: (_u, ticks) => ticks.map((t) => `${formatNumber(t)}${unit && unit.length <= 2 ? unit : ''}`) }],
    series: [
      {},
      ...labels.map((label, i) => ({
        label: label || chart.title,
        stroke: palette[i % palette.length],
        width: 1.5,
        spanGaps: false,
        value: (_u: uPlot, v: number | null) => (v === null ? '–' : `${formatNumber(v)} ${unit}`.trim()),
      })),
    ],
  };
}

function formatNumber(v: number): string {
  const abs = Math.abs(v);
  return abs >= 100 ? v.toFixed(0) : abs >= 1 ? v.toFixed(1) : abs === 0 ? '0' : v.toPrecision(2);
}
