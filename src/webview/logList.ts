// A virtualized log list: one tall spacer gives the scroll bar its size, and only the rows
// in view (plus a small margin) exist in the DOM, so 100,000 lines scroll like 50.
import type { LogLine } from '../protocol/monitorProtocol';
import { ansiRuns } from './ansi';
import { el } from './dom';
import type { LogStore } from './logStore';

/** Row height in pixels; monitor.css uses the same value. */
export const ROW_HEIGHT = 18;
const OVERSCAN = 10;
// A single line of megabytes would stall layout; the rest stays available to copy.
const MAX_SHOWN_CHARS = 4000;

export class LogList {
  readonly element = el('div', undefined, 'log-viewport');
  private readonly spacer = el('div', undefined, 'log-spacer');
  private readonly rows = el('div', undefined, 'log-rows');
  private frame: number | undefined;
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
    this.spacer.style.height = `${count * ROW_HEIGHT}px`;
    const height = this.element.clientHeight || 400;
    const first = Math.max(0, Math.floor(this.element.scrollTop / ROW_HEIGHT) - OVERSCAN);
    const last = Math.min(count, Math.ceil((this.element.scrollTop + height) / ROW_HEIGHT) + OVERSCAN);
    this.rows.style.transform = `translateY(${first * ROW_HEIGHT}px)`;
    const nodes: HTMLElement[] = [];
    for (let i = first; i < last; i++) {
      const line = this.store.visibleAt(i);
      if (line) nodes.push(this.row(line));
    }
    this.rows.replaceChildren(...nodes);
  }

  private scrollToEnd(): void {
    this.spacer.style.height = `${this.store.visibleCount * ROW_HEIGHT}px`;
    this.element.scrollTop = this.element.scrollHeight;
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

  private row(line: LogLine): HTMLElement {
    const row = el('div', undefined, `log-row level-${line.level}${line.seq === this.selected ? ' selected' : ''}`);
    row.dataset['seq'] = String(line.seq);
    row.append(el('span', timeText(line.time), 'log-time'), el('span', line.source, 'log-source'), el('span', line.level === 'unknown' ? '' : line.level, 'log-level'));
    const text = el('span', undefined, 'log-text');
    const shown = line.text.length > MAX_SHOWN_CHARS ? line.text.slice(0, MAX_SHOWN_CHARS) : line.text;
    for (const run of ansiRuns(shown)) {
      if (run.classes) text.append(el('span', run.text, run.classes));
      else text.append(document.createTextNode(run.text));
    }
    if (shown !== line.text) text.append(el('span', ` … ${line.text.length - MAX_SHOWN_CHARS} more characters (copy the line to get them all)`, 'log-cut'));
    row.append(text);
    return row;
  }
}

function timeText(time: number): string {
  const d = new Date(time);
  const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}
