// One way for the importers to turn a repository's YAML into data: refused unparsed when it
// is binary, huge or absurdly deep, refused with the alias that does it when its aliases
// expand too far, and every refusal with the line a person should look at.
import { LineCounter, parseAllDocuments } from 'yaml';
import type { Document } from 'yaml';
import { checkAliasBudget } from '../../core/yaml/aliasBudget';
import { refuseSource } from '../../core/yaml/sourceGuards';

/** Source files an importer reads are larger than devops.yaml: generated manifests run long. */
export const maxImportBytes = 1024 * 1024;

/** A document of a stream, with its data or why it has none. */
export interface YamlDocumentData {
  doc: Document.Parsed;
  /** 1-based line where the document starts. */
  line: number;
  /** Plain data; undefined when `problem` says why. */
  value: unknown;
  problem?: { line: number; message: string };
}

export interface YamlStream {
  documents: YamlDocumentData[];
  lineCounter: LineCounter;
  /** Set when the whole text was refused before parsing. */
  refused?: { line: number; message: string };
}

export function readYamlStream(text: string, what: string): YamlStream {
  const lineCounter = new LineCounter();
  const refused = refuseSource(text, what, maxImportBytes);
  if (refused) return { documents: [], lineCounter, refused: { line: lineOfOffset(text, refused.offset), message: refused.message } };
  const docs = parseAllDocuments(text, { lineCounter, merge: true, prettyErrors: false, uniqueKeys: false });
  const lineAt = (offset: number): number => lineCounter.linePos(offset).line;
  const documents = (Array.isArray(docs) ? docs : []).map((doc): YamlDocumentData => {
    const line = lineAt(firstContentOffset(doc));
    const error = doc.errors[0];
    if (error) return { doc, line, value: undefined, problem: { line: lineAt(error.pos[0]), message: `not valid YAML: ${firstLine(error.message)}` } };
    const refusal = checkAliasBudget(doc);
    if (refusal) return { doc, line, value: undefined, problem: { line: lineAt(refusal.node.range?.[0] ?? 0), message: refusal.message } };
    try {
      return { doc, line, value: doc.toJS({ maxAliasCount: -1 }) };
    } catch (thrown) {
      return { doc, line, value: undefined, problem: { line, message: `cannot be read as data: ${thrown instanceof Error ? firstLine(thrown.message) : String(thrown)}` } };
    }
  });
  return { documents, lineCounter };
}

function firstContentOffset(doc: Document.Parsed): number {
  const contents = doc.contents as { range?: [number, number, number] } | null;
  return contents?.range?.[0] ?? doc.range[0];
}

function firstLine(message: string): string {
  return message.split('\n', 1)[0].trim();
}

function lineOfOffset(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
