// The Logs section: filter bar (text, regex, level, source), follow/pause, copy, open raw
// log, source statuses, and the virtualized list below.
import { LOG_LEVELS } from '../core/monitor/logTypes';
import type { LogSourceSpec } from '../protocol/monitorProtocol';
import { button, el } from './dom';
import { LogList } from './logList';
import type { LogStore } from './logStore';
import type { PanelState } from './panelState';

/** What the logs section asks of the page. */
export interface LogPanelActions {
  copy(text: string): void;
  openLog(source: string): void;
  /** Panel state changed (filters, follow, scroll). */
  changed(): void;
}

export class LogPanel {
  readonly element = el('section', undefined, 'section logs');
  readonly list: LogList;
  private readonly textInput = el('input');
  private readonly regexInput = el('input');
  private readonly regexError = el('div', undefined, 'regex-error');
  private readonly levelSelect = el('select');
  private readonly sourceSelect = el('select');
  private readonly followButton: HTMLButtonElement;
  private readonly statuses = el('ul', undefined, 'source-statuses');
  private readonly count = el('span', '0', 'count');
  private sources: LogSourceSpec[] = [];

  constructor(
    private readonly store: LogStore,
    private readonly state: PanelState,
    private readonly actions: LogPanelActions,
  ) {
    this.list = new LogList(store);
    const heading = el('h2', 'Logs');
    heading.append(this.count);
    this.textInput.placeholder = 'Filter text';
    this.textInput.className = 'filter-text';
    this.regexInput.placeholder = 'Regular expression';
    this.regexInput.className = 'filter-regex';
    this.levelSelect.className = 'filter-level';
    this.levelSelect.append(option('', 'All levels'), ...LOG_LEVELS.map((level) => option(level, level)));
    this.sourceSelect.className = 'filter-source';
    this.followButton = button('Pause', () => this.list.setFollowing(!this.list.isFollowing), 'Follow new lines or stay where you are');
    this.followButton.className = 'follow';
    const bar = el('div', undefined, 'filter-bar');
    bar.append(
      this.textInput,
      this.regexInput,
      this.levelSelect,
      this.sourceSelect,
      this.followButton,
      button('Copy', () => this.copy(), 'Copy the selected line, or every line the filter shows'),
      button('Open raw log', () => this.openRaw(), 'Open the file behind the selected source'),
    );
    this.element.append(heading, bar, this.regexError, this.statuses, this.list.element);
    this.textInput.value = state.text;
    this.regexInput.value = state.regex;
    this.levelSelect.value = state.levels[0] ?? '';
    for (const input of [this.textInput, this.regexInput]) input.addEventListener('input', () => this.readFilters());
    for (const select of [this.levelSelect, this.sourceSelect]) select.addEventListener('change', () => this.readFilters());
    this.list.onFollowChange = (following) => {
      this.followButton.textContent = following ? 'Pause' : 'Follow';
      this.state.following = following;
      this.actions.changed();
    };
    this.applyFilters();
  }

  /** New sources or statuses from a snapshot. */
  setSources(sources: LogSourceSpec[], trusted: boolean): void {
    this.sources = sources;
    const names = [...new Set(sources.map((s) => s.name))];
    const services = [...new Set(sources.flatMap((s) => (s.service && s.service !== s.name ? [s.service] : [])))];
    const wanted = this.state.sources.length === 1 ? this.state.sources[0] : this.sourceSelect.value;
    this.sourceSelect.replaceChildren(option('', 'All sources'), ...names.map((n) => option(n, n)), ...services.map((s) => option(`service:${s}`, `service ${s}`)));
    this.sourceSelect.value = this.selectValue(wanted);
    this.statuses.replaceChildren(
      ...sources.flatMap((s) => {
        const message = s.kind === 'command' && !trusted ? `${s.name}: command runs once you trust this folder` : s.status && s.status.state !== 'following' ? `${s.name}: ${s.status.message}` : undefined;
        return message ? [el('li', message, `status ${s.status?.state ?? 'waiting'}`)] : [];
      }),
    );
  }

  /** Shows only this source, or all sources of this service. */
  showSource(name: string): void {
    const value = this.sources.some((s) => s.name === name) ? name : `service:${name}`;
    if (![...this.sourceSelect.options].some((o) => o.value === value)) this.sourceSelect.append(option(value, value));
    this.sourceSelect.value = value;
    this.readFilters();
  }

  /** Lines arrived or left. */
  refresh(): void {
    this.count.textContent = this.store.visibleCount.toLocaleString('en');
    this.list.invalidate();
  }

  private selectValue(wanted: string): string {
    return [...this.sourceSelect.options].some((o) => o.value === wanted) ? wanted : '';
  }

  private readFilters(): void {
    this.state.text = this.textInput.value;
    this.state.regex = this.regexInput.value;
    this.state.levels = LOG_LEVELS.filter((l) => l === this.levelSelect.value);
    const source = this.sourceSelect.value;
    this.state.sources = source.startsWith('service:') ? this.sources.filter((s) => s.service === source.slice(8)).map((s) => s.name) : source ? [source] : [];
    if (source.startsWith('service:') && this.state.sources.length === 0) this.state.sources = [source.slice(8)];
    this.applyFilters();
    this.actions.changed();
  }

  private applyFilters(): void {
    try {
      this.store.setFilter({ text: this.state.text, regex: this.state.regex, levels: this.state.levels, sources: this.state.sources });
      this.regexError.textContent = '';
      this.regexInput.classList.remove('invalid');
    } catch (error) {
      this.regexError.textContent = error instanceof Error ? error.message : String(error);
      this.regexInput.classList.add('invalid');
    }
    this.refresh();
    // A filter change redraws at once so what is shown never mixes two filters.
    this.list.render();
  }

  private copy(): void {
    const selected = this.list.selectedLine;
    if (selected) return this.actions.copy(selected.text);
    const texts: string[] = [];
    for (let i = 0; i < this.store.visibleCount; i++) texts.push(this.store.visibleAt(i)?.text ?? '');
    this.actions.copy(texts.join('\n'));
  }

  private openRaw(): void {
    const source = this.list.selectedLine?.source ?? (this.state.sources.length === 1 ? this.state.sources[0] : this.sources.find((s) => s.kind === 'file')?.name);
    if (source) this.actions.openLog(source);
  }
}

function option(value: string, label: string): HTMLOptionElement {
  const o = el('option', label);
  o.value = value;
  return o;
}
