import { sprintFileSchema } from './sprintSchema';
import type { SprintFile } from './sprintSchema';
import { hasErrors, sortProblems } from '../config/problem';
import type { Problem } from '../config/problem';
import { didYouMean } from '../yaml/didYouMean';
import { readSourceFile } from '../yaml/readSourceFile';
import { lineOf, problemAt } from '../yaml/yamlLocate';
import { unexpectedProblem } from '../yaml/unexpectedProblem';
import { parseYaml } from '../yaml/yamlSource';
import type { YamlFileKind, YamlSource } from '../yaml/yamlSource';
import { maxSprintFileBytes } from './sprintLimits';
import { zodProblems } from '../yaml/zodProblems';
import { refuseSource } from '../yaml/sourceGuards';
import { scanSprintText, type ItemSpan } from './sprintScan';

// The sprint file of the `file` plan provider, checked with the same positioned
// problems as devops.yaml.

export interface SprintLoadResult {
  /** The validated sprint; undefined when any problem is an error. */
  sprint: SprintFile | undefined;
  /** Every problem found, in file order. */
  problems: Problem[];
  /** Where each item's lines are (offsets in the text after a BOM), when the quick reader read the file. */
  spans?: readonly ItemSpan[];
}

export { maxSprintFileBytes };
const sprintKind: YamlFileKind = { what: 'the sprint file', expected: 'a `sprint:` mapping and a list of `items:`', maxBytes: maxSprintFileBytes };

/** `statuses` are plan.statuses of devops.yaml: an item's status must be one of them. */
export function parseSprintFile(text: string, file: string, statuses: readonly string[]): SprintLoadResult {
  try {
    return parseChecked(text, file, statuses);
  } catch (error) {
    return finish(undefined, [unexpectedProblem(file, sprintKind.what, error)]);
  }
}

function parseChecked(text: string, file: string, statuses: readonly string[]): SprintLoadResult {
  const quick = quickSprint(text, statuses);
  if (quick) return { sprint: quick.sprint, problems: [], spans: quick.spans };
  const { source, value, problems } = parseYaml(text, file, sprintKind);
  if (!source || value === undefined) return finish(undefined, problems);
  const parsed = sprintFileSchema.safeParse(value);
  if (!parsed.success) return finish(undefined, [...problems, ...zodProblems(source, sprintFileSchema, parsed.error.issues)]);
  return finish(parsed.data, [...problems, ...checkSprint(parsed.data, source, statuses)]);
}

export async function loadSprintFile(path: string, statuses: readonly string[]): Promise<SprintLoadResult> {
  const read = await readSourceFile(path, sprintKind.what, sprintKind.maxBytes);
  return 'problem' in read ? finish(undefined, [read.problem]) : parseSprintFile(read.text, path, statuses);
}

/**
 * The sprint of a file in the shape scanSprintText reads that has no problem at all; else
 * undefined, and the YAML parser reads it again to place each problem in the text.
 */
function quickSprint(rawText: string, statuses: readonly string[]): { sprint: SprintFile; spans: ItemSpan[] } | undefined {
  const text = rawText.startsWith('\uFEFF') ? rawText.slice(1) : rawText;
  if (refuseSource(text, sprintKind.what, sprintKind.maxBytes)) return undefined;
  const scan = scanSprintText(text);
  if (!scan) return undefined;
  const parsed = sprintFileSchema.safeParse(scan.value);
  if (!parsed.success) return undefined;
  return sprintFindings(parsed.data, () => undefined, statuses).length === 0 ? { sprint: parsed.data, spans: scan.spans } : undefined;
}

interface Finding {
  path: (string | number)[];
  code: string;
  message: string;
}

function checkSprint(sprint: SprintFile, source: YamlSource, statuses: readonly string[]): Problem[] {
  const lineOfPath = (path: (string | number)[]): number | undefined => lineOf(source, path);
  return sprintFindings(sprint, lineOfPath, statuses).map(({ path, code, message }) => problemAt(source, path, { severity: 'error', code, message }));
}

/** What is wrong with a sprint the schema accepted: dates out of order, a second use of an id, a status devops.yaml does not declare. */
function sprintFindings(sprint: SprintFile, lineOfPath: (path: (string | number)[]) => number | undefined, statuses: readonly string[]): Finding[] {
  const problems: Finding[] = [];
  const error = (path: (string | number)[], code: string, message: string): void => {
    problems.push({ path, code, message });
  };
  if (sprint.sprint.end < sprint.sprint.start) error(['sprint', 'end'], 'invalid-dates', `the sprint ends (${sprint.sprint.end}) before it starts (${sprint.sprint.start})`);
  const firstIndex = new Map<string, number>();
  sprint.items.forEach((item, i) => {
    const first = firstIndex.get(item.id);
    if (first === undefined) firstIndex.set(item.id, i);
    else {
      const line = lineOfPath(['items', first, 'id']);
      error(['items', i, 'id'], 'duplicate-id', `duplicate item id \`${item.id}\`${line === undefined ? '' : ` (first used on line ${line})`}`);
    }
    if (!statuses.includes(item.status)) {
      error(['items', i, 'status'], 'unknown-status', `unknown status \`${item.status}\`${didYouMean(item.status, statuses)}; plan.statuses allows ${statuses.join(', ')}`);
    }
  });
  return problems;
}

function finish(sprint: SprintFile | undefined, problems: Problem[]): SprintLoadResult {
  const sorted = sortProblems(problems);
  return { sprint: hasErrors(sorted) ? undefined : sprint, problems: sorted };
}
