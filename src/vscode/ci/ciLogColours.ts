import * as vscode from 'vscode';
import type { AnsiStyle } from '../../core/ci/log/ansiSpans';
import { colourGroups, editorColour } from '../../core/ci/log/logColours';
import type { ColourWindow } from '../../core/ci/log/logColours';
import type { LogDocument } from '../../core/ci/log/logDocument';

/** What one log editor is painted with: a look ("fg=red bold") and its ranges. */
export interface PaintedColours {
  /** The look, as styleKey() writes it. */
  style: string;
  /** Where it is painted. */
  ranges: readonly vscode.Range[];
}

interface Painted {
  version: number;
  window: ColourWindow;
  colours: PaintedColours[];
}

// Colours of CI logs in the editor. The document text has no escapes; each look
// (colour, background, bold…) gets one decoration type, painted on every visible
// editor of a log around what it shows, and again when the text changes or the
// editor scrolls past what was painted. A 50 MB log is never painted whole.
const margin = 400;
// True colour can name thousands of looks; past this many, further looks stay plain.
const maxLooks = 128;

export class CiLogColours implements vscode.Disposable {
  private readonly types = new Map<string, vscode.TextEditorDecorationType>();
  private readonly painted = new Map<vscode.TextEditor, Painted>();
  private readonly listeners: vscode.Disposable[];

  constructor(
    private readonly scheme: string,
    private readonly documentOf: (uri: vscode.Uri) => LogDocument | undefined,
  ) {
    this.listeners = [
      vscode.window.onDidChangeVisibleTextEditors((editors) => {
        for (const editor of [...this.painted.keys()]) if (!editors.includes(editor)) this.painted.delete(editor);
        for (const editor of editors) this.paint(editor, false);
      }),
      vscode.window.onDidChangeTextEditorVisibleRanges((event) => this.paint(event.textEditor, false)),
      vscode.workspace.onDidChangeTextDocument((event) => this.refresh(event.document.uri)),
    ];
    for (const editor of vscode.window.visibleTextEditors) this.paint(editor, false);
  }

  /** Paints every visible editor of `uri` again (its text changed). */
  refresh(uri: vscode.Uri): void {
    if (uri.scheme !== this.scheme) return;
    for (const editor of vscode.window.visibleTextEditors) if (editor.document.uri.toString() === uri.toString()) this.paint(editor, true);
  }

  /** What the first visible editor of `uri` is painted with; empty when none shows it. */
  colours(uri: vscode.Uri): readonly PaintedColours[] {
    for (const [editor, painted] of this.painted) if (editor.document.uri.toString() === uri.toString()) return painted.colours;
    return [];
  }

  dispose(): void {
    for (const listener of this.listeners) listener.dispose();
    for (const type of this.types.values()) type.dispose();
    this.types.clear();
    this.painted.clear();
  }

  private paint(editor: vscode.TextEditor, force: boolean): void {
    const { document } = editor;
    if (document.uri.scheme !== this.scheme) return;
    const shown = editor.visibleRanges;
    const first = shown.length > 0 ? Math.min(...shown.map((range) => range.start.line)) : 0;
    const last = shown.length > 0 ? Math.max(...shown.map((range) => range.end.line)) : 0;
    const previous = this.painted.get(editor);
    const covered = previous !== undefined && previous.version === document.version && first >= previous.window.fromLine && last < previous.window.toLine;
    if (covered && !force) return;
    const window = { fromLine: Math.max(0, first - margin), toLine: Math.min(document.lineCount, last + margin + 1) };
    const log = this.documentOf(document.uri);
    const groups = log ? colourGroups(log.lines, log.firstLogLine, window) : [];
    const colours: PaintedColours[] = [];
    const used = new Set<string>();
    for (const group of groups) {
      const type = this.typeFor(group.key, group.style);
      if (!type) continue;
      // The log may already hold lines the editor has not read yet: paint only matching lines.
      const ranges = group.ranges
        .filter((range) => range.line < document.lineCount && document.lineAt(range.line).text === log?.lines[range.line - log.firstLogLine]?.text)
        .map((range) => new vscode.Range(range.line, range.start, range.line, range.end));
      editor.setDecorations(type, ranges);
      used.add(group.key);
      if (ranges.length > 0) colours.push({ style: group.key, ranges });
    }
    for (const key of previous?.colours.map((colour) => colour.style) ?? []) {
      const type = this.types.get(key);
      if (type && !used.has(key)) editor.setDecorations(type, []);
    }
    this.painted.set(editor, { version: document.version, window, colours });
  }

  private typeFor(key: string, style: AnsiStyle): vscode.TextEditorDecorationType | undefined {
    const known = this.types.get(key);
    if (known || this.types.size >= maxLooks) return known;
    const type = vscode.window.createTextEditorDecorationType(renderOptions(style));
    this.types.set(key, type);
    return type;
  }
}

function renderOptions(style: AnsiStyle): vscode.DecorationRenderOptions {
  const options: vscode.DecorationRenderOptions = { rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed };
  const fg = colourOf(style.fg);
  const bg = colourOf(style.bg);
  if (fg) options.color = fg;
  if (bg) options.backgroundColor = bg;
  if (style.bold) options.fontWeight = 'bold';
  if (style.italic) options.fontStyle = 'italic';
  if (style.underline) options.textDecoration = 'underline';
  if (style.dim) options.opacity = '0.7';
  return options;
}

function colourOf(colour: string | undefined): vscode.ThemeColor | string | undefined {
  const known = colour === undefined ? undefined : editorColour(colour);
  if (!known) return undefined;
  return 'themeColor' in known ? new vscode.ThemeColor(known.themeColor) : known.hex;
}
