import { isCollection, isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { Document, Node } from 'yaml';
import type { Problem } from '../config/problem';
import { checkAliasBudget } from './aliasBudget';
import { findDuplicateKeys } from './duplicateKeys';
import { refuseSource } from './sourceGuards';

// One parse of a YAML file that remembers where every node came from, so that a
// problem found anywhere later (schema, references, cycles) can point at the text.

/** Keys and indexes from the document root to a node, as zod reports issue paths. */
export type YamlPath = readonly (string | number)[];

/** A parsed YAML file with the positions of its nodes. */
export interface YamlSource {
  /** File name that problems carry. */
  readonly file: string;
  /** The text as parsed (BOM removed). */
  readonly text: string;
  readonly doc: Document.Parsed;
  readonly lineCounter: LineCounter;
}

/** What a file is called and should hold, for messages about the whole file. */
export interface YamlFileKind {
  /** How messages name the file, e.g. "devops.yaml". */
  what: string;
  /** What the top level should hold, e.g. "keys such as `version:` and `services:`". */
  expected: string;
  /** Larger files are refused unparsed; default maxSourceBytes. */
  maxBytes?: number;
}

export interface ParsedYaml {
  /** Undefined when the text was refused before parsing. */
  source: YamlSource | undefined;
  /** Plain data of the document; undefined when it could not be built. */
  value: unknown;
  problems: Problem[];
}

const maxSyntaxProblems = 20;

export type ProblemInit = Pick<Problem, 'severity' | 'code' | 'message'>;

export function parseYaml(rawText: string, file: string, kind: YamlFileKind): ParsedYaml {
  // Editors hide a BOM; removing it keeps line 1 columns equal to what the user sees.
  const text = rawText.startsWith('\uFEFF') ? rawText.slice(1) : rawText;
  const refused = refuseSource(text, kind.what, kind.maxBytes);
  if (refused) {
    const { line, col } = positionInText(text, refused.offset);
    const point = { file, line, column: col, endLine: line, endColumn: col + (refused.code === 'too-large' ? 0 : 1) };
    return { source: undefined, value: undefined, problems: [{ ...point, severity: 'error', code: refused.code, message: refused.message }] };
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false, merge: true });
  const source: YamlSource = { file, text, doc, lineCounter };
  // One broken bracket can make hundreds of follow-on errors; the first few say it all.
  const problems = [...doc.errors.slice(0, maxSyntaxProblems).map((e) => syntaxProblem(source, e.code, e.pos, e.message, 'error')), ...doc.warnings.slice(0, maxSyntaxProblems).map((w) => syntaxProblem(source, w.code, w.pos, w.message, 'warning'))];
  if (doc.errors.length > 0) return { source, value: undefined, problems };
  // Duplicate keys leave a usable tree, so the checks after them still run.
  for (const { range, key } of findDuplicateKeys(doc)) {
    problems.push(problemAtOffsets(source, range[0], range[1], { severity: 'error', code: 'duplicate-key', message: `duplicate key \`${key}\`; a key may appear only once in a mapping` }));
  }
  const root = doc.contents;
  if (root === null || (isScalar(root) && root.value === null && root.range[0] === root.range[1])) {
    problems.push(problemAtOffsets(source, 0, 0, { severity: 'error', code: 'empty', message: `${kind.what} is empty; it should hold ${kind.expected}` }));
    return { source, value: undefined, problems };
  }
  if (!isMap(root)) {
    const found = isSeq(root) ? 'a list' : isScalar(root) ? 'a single text value' : 'something else';
    problems.push(problemAtNode(source, root, { severity: 'error', code: 'not-a-mapping', message: `${kind.what} should hold ${kind.expected}, but it holds ${found}` }));
    return { source, value: undefined, problems };
  }
  const refusal = checkAliasBudget(doc);
  if (refusal) return { source, value: undefined, problems: [...problems, problemAtNode(source, refusal.node, { severity: 'error', code: 'alias-limit', message: refusal.message })] };
  try {
    return { source, value: doc.toJS({ maxAliasCount: -1 }), problems };
  } catch (error) {
    // An alias before its anchor, for one: the parser reports it only when building data.
    const message = `cannot read the YAML data: ${error instanceof Error ? firstLine(error.message) : String(error)}`;
    return { source, value: undefined, problems: [...problems, problemAtOffsets(source, 0, 0, { severity: 'error', code: 'alias-limit', message })] };
  }
}

const friendlyMessages: Record<string, string> = {
  TAB_AS_INDENT: 'tabs are not allowed for indentation in YAML; indent with spaces',
  MULTIPLE_DOCS: 'only one YAML document is allowed here; remove the extra `---` and what follows',
};

function syntaxProblem(source: YamlSource, code: string, pos: [number, number], message: string, severity: Problem['severity']): Problem {
  return problemAtOffsets(source, pos[0], pos[1], { severity, code: 'yaml-syntax', message: friendlyMessages[code] ?? firstLine(message) });
}

function firstLine(message: string): string {
  const line = message.split('\n', 1)[0].trim();
  return line.charAt(0).toLowerCase() + line.slice(1);
}

/** 1-based line and column of an offset, for text that was never parsed. */
function positionInText(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, col: offset - lineStart + 1 };
}

export function problemAtOffsets(source: YamlSource, start: number, end: number, init: ProblemInit): Problem {
  const from = source.lineCounter.linePos(start);
  const to = source.lineCounter.linePos(Math.max(start, end));
  return { file: source.file, line: from.line, column: from.col, endLine: to.line, endColumn: to.col, ...init };
}

/** A collection is marked on its first line only: a squiggle over fifty lines helps nobody. */
export function problemAtNode(source: YamlSource, node: Node, init: ProblemInit): Problem {
  const [start, end] = node.range ?? [0, 0];
  if (!isCollection(node)) return problemAtOffsets(source, start, end, init);
  const lineEnd = source.text.indexOf('\n', start);
  const firstLineEnd = lineEnd === -1 ? end : Math.min(end, lineEnd);
  return problemAtOffsets(source, start, source.text[firstLineEnd - 1] === '\r' ? firstLineEnd - 1 : firstLineEnd, init);
}
