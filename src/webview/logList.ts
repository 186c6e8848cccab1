// A virtualized log list: one tall spacer gives the scroll bar its size, and only the rows
// in view (plus a small margin) exist in the DOM, so 100,000 lines scroll like 50. A row
// that stays in view keeps its element untouched; rows that leave are reused for the rows
// that enter, so a frame only lays out and paints the lines it has not shown yet.
import type { LogLine } from '../protocol/monitorProtocol';
import { ansiRuns } from './ansi';
import { el } from './dom';
import type { LogStore } from './logStore';

/** Row height in pixels; monitor.css uses the same value. */
export const ROW_HEIGHT = 18;
// Rows drawn beyond each edge: a small scroll then shows rows that already exist. Every
// one of them is laid out and painted on a jump, so only a few.
const OVERSCAN = 4;
// A single line of megabytes would stall layout; the rest stays available to copy.
const MAX_SHOWN_CHARS = 4000;

export class LogList {
  readonly element = el('div', undefined, 'log-viewport');
  private readonly spacer = el('div', undefined, 'log-spacer');
  private readonly rows = el('div', undefined, 'log-rows');
  private frame: number | undefined;
  private shown: RowView[] = [];
  private following = true;
  private selected: number | undefined;
  /** Called when following turns on or off by scrolling. */
  onFollowChange: (following: boolean) => void = () => undefined;

  constructor(private readonly store: LogStore) {
    this.element.tabIndex = 0;
    this.element.setAttribute('role', 'log');
    this.spacer.append(this.rows);
    this.element.append(this.spacer);
    this.element.addEventListener('scroll', () => this.scrolled(), { passive: true });
    this.rows.addEventListener('click', (event) => this.clicked(event));
  }

  get isFollowing(): boolean {
    return this.following;
  }

  get scrollTop(): number {
    return this.element.scrollTop;
  }

  /** The line the user clicked, if it is still kept. */
  get selectedLine(): LogLine | undefined {
    if (this.selected === undefined) return undefined;
    for (let i = 0; i < this.store.visibleCount; i++) if (this.store.visibleAt(i)?.seq === this.selected) return this.store.visibleAt(i);
    return undefined;
  }

  setFollowing(following: boolean): void {
    this.following = following;
    if (following) this.scrollToEnd();
    this.onFollowChange(following);
  }

  restoreScroll(top: number): void {
    this.render();
    this.element.scrollTop = top;
  }

  /** Redraws on the next frame; many calls in one frame draw once. */
  invalidate(): void {
    this.frame ??= requestAnimationFrame(() => {
      this.frame = undefined;
      if (this.following) this.scrollToEnd();
      this.render();
    });
  }

  /** Draws the rows in view now. */
  render(): void {
    const count = this.store.visibleCount;
    this.setHeight(count);
    const height = this.element.clientHeight || 400;
    const first = Math.max(0, Math.floor(this.element.scrollTop / ROW_HEIGHT) - OVERSCAN);
    const last = Math.min(count, Math.ceil((this.element.scrollTop + height) / ROW_HEIGHT) + OVERSCAN);
    const transform = `translateY(${first * ROW_HEIGHT}px)`;
    if (this.rows.style.transform !== transform) this.rows.style.transform = transform;
    const lines: LogLine[] = [];
    for (let i = first; i < last; i++) {
      const line = this.store.visibleAt(i);
      if (line) lines.push(line);
    }
    this.placeRows(lines);
  }

  // Lines still shown keep their rows; the others' rows leave the DOM and come back filled
  // with the new lines. The rows are then walked in screen order against the DOM and only
  // those not in their place are inserted, so the order never depends on what an earlier
  // draw left behind, and a row that stays where it is is not touched.
  private placeRows(lines: LogLine[]): void {
    const wanted = new Set(lines.map((line) => line.seq));
    const kept = new Map<number, RowView>();
    const spare: RowView[] = [];
    for (const view of this.shown) {
      if (wanted.has(view.seq) && !kept.has(view.seq)) kept.set(view.seq, view);
      else {
        view.row.remove();
        spare.push(view);
      }
    }
    const next = lines.map((line) => {
      const view = kept.get(line.seq) ?? spare.pop() ?? newRowView();
      fillRow(view, line, this.selected);
      return view;
    });
    let cursor = this.rows.firstChild;
    for (const view of next) {
      if (view.row === cursor) cursor = cursor.nextSibling;
      else this.rows.insertBefore(view.row, cursor);
    }
    // Whatever is left after the last shown row is no line's row.
    while (cursor) {
      const stray: ChildNode = cursor;
      cursor = cursor.nextSibling;
      stray.remove();
    }
    this.shown = next;
  }

  private scrollToEnd(): void {
    this.setHeight(this.store.visibleCount);
    this.element.scrollTop = this.element.scrollHeight;
  }

  // Only a changed height invalidates layout.
  private setHeight(count: number): void {
    const height = `${count * ROW_HEIGHT}px`;
    if (this.spacer.style.height !== height) this.spacer.style.height = height;
  }

  private scrolled(): void {
    const atEnd = this.element.scrollTop + this.element.clientHeight >= this.element.scrollHeight - ROW_HEIGHT;
    if (this.following !== atEnd && !(this.following && this.frame !== undefined)) {
      this.following = atEnd;
      this.onFollowChange(atEnd);
    }
    this.invalidate();
  }

  private clicked(event: MouseEvent): void {
    const row = event.target instanceof Element ? event.target.closest<HTMLElement>('.log-row') : null;
    if (!row) return;
    this.selected = Number(row.dataset['seq']);
    this.render();
  }
}

/** A row's element and its parts, and what it shows now. */
interface RowView {
  row: HTMLElement;
  time: HTMLElement;
  source: HTMLElement;
  level: HTMLElement;
  text: HTMLElement;
  /** Seq of the line shown (-1: none yet). */
  seq: number;
  /** The line object shown: the same seq may arrive again as a new object after a restart. */
  line: LogLine | undefined;
  selected: boolean;
}

function newRowView(): RowView {
  const row = el('div', undefined, 'log-row');
  const time = el('span', undefined, 'log-time');
  const source = el('span', undefined, 'log-source');
  const level = el('span', undefined, 'log-level');
  const text = el('span', undefined, 'log-text');
  row.append(time, source, level, text);
  return { row, time, source, level, text, seq: -1, line: undefined, selected: false };
}

// Writes only what differs from what the row shows, so a row that stays costs nothing.
function fillRow(view: RowView, line: LogLine, selectedSeq: number | undefined): void {
  const selected = line.seq === selectedSeq;
  if (view.line === line && view.selected === selected) return;
  view.row.className = `log-row level-${line.level}${selected ? ' selected' : ''}`;
  view.selected = selected;
  if (view.line === line) return;
  view.line = line;
  view.seq = line.seq;
  view.row.dataset['seq'] = String(line.seq);
  view.time.textContent = timeText(line.time);
  view.source.textContent = line.source;
  view.level.textContent = line.level === 'unknown' ? '' : line.level;
  const shown = line.text.length > MAX_SHOWN_CHARS ? line.text.slice(0, MAX_SHOWN_CHARS) : line.text;
  const runs = ansiRuns(shown);
  if (runs.length === 1 && !runs[0].classes && shown === line.text) {
    view.text.textContent = runs[0].text;
    return;
  }
  view.text.replaceChildren(...runs.map((run) => (run.classes ? el('span', run.text, run.classes) : document.createTextNode(run.text))));
  if (shown !== line.text) view.text.append(el('span', ` … ${line.text.length - MAX_SHOWN_CHARS} more characters (copy the line to get them all)`, 'log-cut'));
}

function timeText(time: number): string {
  const d = new Date(time);
  const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}
