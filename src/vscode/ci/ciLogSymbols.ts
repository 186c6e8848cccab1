import * as vscode from 'vscode';
import type { LogDocument, LogSection } from '../../core/ci/log/logDocument';

// The steps of a CI log (and the groups inside them) as document symbols, so Outline,
// breadcrumbs and Go to Symbol jump to a step. Built from the same rendered sections
// as folding, so a symbol starts on the line that names its step.
export class CiLogSymbols implements vscode.DocumentSymbolProvider, vscode.Disposable {
  private readonly registration: vscode.Disposable;

  constructor(
    scheme: string,
    private readonly documentOf: (uri: vscode.Uri) => LogDocument | undefined,
  ) {
    this.registration = vscode.languages.registerDocumentSymbolProvider({ scheme }, this, { label: 'CI log steps' });
  }

  provideDocumentSymbols(doc: vscode.TextDocument): vscode.DocumentSymbol[] {
    const log = this.documentOf(doc.uri);
    if (!log) return [];
    const roots: vscode.DocumentSymbol[] = [];
    // Sections come in start order with depth; the last symbol of each depth is the parent of the next depth.
    const parents: vscode.DocumentSymbol[] = [];
    for (const section of log.documentSections()) {
      // The log may hold lines the editor has not read yet: only what the document shows.
      if (section.startLine >= doc.lineCount) continue;
      const symbol = symbolOf(doc, section);
      const parent = section.depth > 0 ? parents[section.depth - 1] : undefined;
      if (parent) parent.children.push(symbol);
      else roots.push(symbol);
      parents.length = section.depth;
      parents[section.depth] = symbol;
    }
    return roots;
  }

  dispose(): void {
    this.registration.dispose();
  }
}

function symbolOf(doc: vscode.TextDocument, section: LogSection): vscode.DocumentSymbol {
  const endLine = Math.min(section.endLine, doc.lineCount - 1);
  const range = new vscode.Range(section.startLine, 0, endLine, doc.lineAt(endLine).text.length);
  const first = doc.lineAt(section.startLine).range;
  const lines = endLine - section.startLine + 1;
  const kind = section.depth === 0 ? vscode.SymbolKind.Module : vscode.SymbolKind.Namespace;
  return new vscode.DocumentSymbol(section.title || 'section', `${lines} line${lines === 1 ? '' : 's'}`, kind, range, first);
}
