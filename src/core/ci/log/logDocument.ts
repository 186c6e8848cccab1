import type { Problem } from '../../config/problem';
import type { LogNotice } from '../ciTypes';
import { parseAnsi } from './ansiSpans';
import type { AnsiStyle, StyledSpan } from './ansiSpans';
import { extractProblems } from './logProblems';
import { markLine, splitMarkers } from './logMarkers';
import type { LogFormat } from './logMarkers';

// A CI log as the editor shows it: plain lines with colour spans, foldable sections
// (per step and per group), notices (expired, truncated) on top, and a size cap so a
// 100 MB log never holds more than `maxBytes` in memory. Text arrives in appends that
// may end mid-line (streamed logs); a partial line waits for the rest.

/** One shown line. */
export interface LogLine {
  /** The text without escapes. */
  text: string;
  /** Colour spans; empty when the line has no escapes. */
  spans: StyledSpan[];
  /** Severity of an annotation line. */
  level?: 'error' | 'warning' | 'notice';
  /** A line the log does not hold, added to name a section its first line does not name. */
  header?: true;
}

/** A foldable range of lines (0-based, inclusive, in `lines` numbering). */
export interface LogSection {
  title: string;
  /** First line (its header). */
  startLine: number;
  /** Last line; grows while the section is open. */
  endLine: number;
  /** 0 for steps and top-level sections. */
  depth: number;
  /** True until its end marker (or the end of the log). */
  open: boolean;
}

/** Where a step starts and ends, to cut a GitHub job log into steps by line timestamps. */
export interface StepWindow {
  name: string;
  /** Epoch ms. */
  startedAt?: number;
}

export interface LogDocumentOptions {
  /** Which markers to read. */
  format: LogFormat;
  /** Bytes kept at most; default 50 MB. Past it the log is cut with a notice. */
  maxBytes?: number;
  /** GitHub: steps of the job, so each step becomes a top-level section. */
  steps?: StepWindow[];
}

export class LogDocument {
  readonly lines: LogLine[] = [];
  readonly sections: LogSection[] = [];
  readonly notices: LogNotice[] = [];
  // `waiting`: no line yet, so it is not known whether the first one names the section.
  private readonly stack: { section: LogSection; name?: string; step: boolean; waiting: boolean }[] = [];
  private readonly maxBytes: number;
  private readonly steps: { name: string; at: number }[];
  private nextStep = 0;
  private pending = '';
  private style: AnsiStyle = {};
  private stored = 0;
  private cut = false;

  constructor(private readonly options: LogDocumentOptions) {
    this.maxBytes = options.maxBytes ?? 50 * 1024 * 1024;
    this.steps = (options.steps ?? []).filter((s) => s.startedAt !== undefined).map((s) => ({ name: s.name, at: Math.floor(s.startedAt! / 1000) * 1000 }));
  }

  /** Bytes of log text taken in (at most maxBytes). */
  get bytes(): number {
    return this.stored;
  }

  /** True once the size cap cut the log. */
  get truncated(): boolean {
    return this.cut;
  }

  /** Adds text; a last line without newline waits for the next append or finish(). */
  append(text: string): void {
    if (this.cut || text === '') return;
    let accepted = text;
    const size = Buffer.byteLength(text);
    if (this.stored + size > this.maxBytes) {
      const room = Buffer.from(text).subarray(0, Math.max(0, this.maxBytes - this.stored)).toString('utf8');
      const lastNewline = room.lastIndexOf('\n');
      accepted = lastNewline < 0 ? '' : room.slice(0, lastNewline + 1);
      this.cut = true;
    }
    this.stored += Buffer.byteLength(accepted);
    const parts = (this.pending + accepted).split('\n');
    this.pending = parts.pop() ?? '';
    for (const line of parts) this.addLine(line);
    if (this.cut) {
      this.pending = '';
      this.addNotice({ kind: 'truncated', message: `This log is larger than ${Math.round(this.maxBytes / (1024 * 1024))} MB; only the first part is shown. Open it in the browser for the rest.` });
    }
  }

  /** Flushes a partial last line and closes open sections. */
  finish(): void {
    if (this.pending !== '') this.addLine(this.pending);
    this.pending = '';
    this.nameWaiting(this.stack, undefined);
    for (const open of this.stack) open.section.open = false;
    this.stack.length = 0;
  }

  /** Adds a notice once per kind. */
  addNotice(notice: LogNotice): void {
    if (!this.notices.some((n) => n.kind === notice.kind)) this.notices.push(notice);
  }

  /** Document line of the first log line: the notices and a blank line sit above it. */
  get firstLogLine(): number {
    return this.notices.length === 0 ? 0 : this.notices.length + 1;
  }

  /** The document text: notices first, then the lines; sections shifted to match. */
  render(): { text: string; sections: LogSection[]; firstLogLine: number } {
    const header = this.notices.map((n) => `[${n.kind}] ${n.message}`);
    const shift = this.firstLogLine;
    const body = this.lines.map((line) => line.text);
    const text = [...header, ...(shift ? [''] : []), ...body].join('\n');
    return { text, firstLogLine: shift, sections: this.documentSections() };
  }

  /** The sections in document lines, as render() gives them, without joining the text (folding and symbols need only these). */
  documentSections(): LogSection[] {
    const shift = this.firstLogLine;
    return this.sections.map((s) => ({ ...s, startLine: s.startLine + shift, endLine: s.endLine + shift }));
  }

  /** Problems (file:line:col errors) the log names; header lines are not the log's. */
  problems(max?: number): Problem[] {
    return extractProblems(
      this.lines.filter((line) => !line.header).map((line) => line.text),
      max,
    );
  }

  private addLine(raw: string): void {
    for (const piece of splitMarkers(raw, this.options.format)) this.addPiece(piece);
  }

  private addPiece(raw: string): void {
    const marked = markLine(raw, this.options.format);
    if (marked.time !== undefined) this.enterStep(marked.time);
    // A Jenkins stage's closing line is shown, and belongs to the stage it closes.
    const closeAfter = marked.close !== undefined && marked.text !== undefined && this.options.format === 'jenkins';
    if (marked.close && !closeAfter) this.close(marked.close.name);
    if (marked.open) this.open(marked.open.title, marked.open.name, false);
    if (marked.text !== undefined) this.push(marked.text, marked.level);
    if (marked.close && closeAfter) this.close(marked.close.name);
  }

  private push(raw: string, level: LogLine['level']): void {
    const { spans, style } = parseAnsi(raw, this.style);
    this.style = style;
    const text = spans.map((span) => span.text).join('');
    const plain = spans.every((span) => Object.keys(span.style).length === 0);
    this.nameWaiting(this.stack, text);
    this.lines.push({ text, spans: plain ? [] : spans, ...(level ? { level } : {}) });
    for (const open of this.stack) open.section.endLine = this.lines.length - 1;
  }

  // Decided when a section's first line arrives (or it ends empty), never later, so a
  // header goes in before that line and lines already taken never move. Outer sections
  // first: a step's header sits above the group that opens on the same line.
  private nameWaiting(entries: readonly { section: LogSection; waiting: boolean }[], firstText: string | undefined): void {
    for (const entry of entries.filter((candidate) => candidate.waiting)) {
      entry.waiting = false;
      // Starts where its first line goes: an inner section's header, or the line itself.
      entry.section.startLine = this.lines.length;
      if (firstText !== undefined && namesSection(firstText, entry.section.title)) continue;
      const text = `${headerMark}${entry.section.title}`;
      this.lines.push({ text, spans: [{ text, style: { bold: true } }], header: true });
    }
    for (const open of this.stack) open.section.endLine = Math.max(open.section.startLine, this.lines.length - 1);
  }

  private enterStep(time: number): void {
    while (this.nextStep < this.steps.length && time >= this.steps[this.nextStep].at) {
      this.closeFrom(0);
      this.open(this.steps[this.nextStep].name, undefined, true);
      this.nextStep++;
    }
  }

  private open(title: string, name: string | undefined, step: boolean): void {
    // GitHub groups do not nest inside each other, only inside steps.
    if (this.options.format === 'github' && !step && this.stack.length > 0 && !this.stack[this.stack.length - 1].step) this.close(undefined);
    const section: LogSection = { title, startLine: this.lines.length, endLine: this.lines.length, depth: this.stack.length, open: true };
    this.sections.push(section);
    this.stack.push({ section, name, step, waiting: true });
  }

  private close(name: string | undefined): void {
    let index = this.stack.length - 1;
    if (name !== undefined) while (index >= 0 && this.stack[index].name !== name) index--;
    // A group end never closes a step: steps end where the next one starts.
    if (index < 0 || (name === undefined && this.stack[index].step && this.options.format === 'github')) return;
    this.closeFrom(index);
  }

  private closeFrom(index: number): void {
    // A section ending before any line of its own still gets its header line.
    this.nameWaiting(this.stack.slice(index), undefined);
    for (const closed of this.stack.splice(index)) {
      closed.section.open = false;
      closed.section.endLine = Math.max(closed.section.startLine, this.lines.length - 1);
    }
  }
}

const headerMark = '▸ ';

// Whether a line already says which section it starts ("Run npm test" for the step
// "Run npm test"; GitHub's first line of "Set up job" is the runner version instead).
function namesSection(text: string, title: string): boolean {
  const plain = (value: string): string => value.replace(/\s+/g, ' ').trim().toLowerCase();
  const wanted = plain(title);
  return wanted !== '' && plain(text).includes(wanted);
}
