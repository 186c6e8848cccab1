// The test cases of a parsed JUnit document, in the shapes the tools that write JUnit XML
// give them: nested suites (PHPUnit, Mocha), `<testcase/>` with no attributes, a suite
// whose only content is an `<error>` or an `errors="1"` count (a suite that failed to load,
// a Go package that did not build), generic messages ("Failed") over useful bodies.

type XmlNode = Record<string, unknown>;

/** A failed case before its location is worked out. */
export interface RawFailure {
  /** "suite > test" or "classname > test". */
  name: string;
  message: string;
  /** The failure's full text (stack trace, captured output). */
  body: string;
  /** The class or package the case belongs to (Java class, Go package, Python module). */
  owner: string;
  /** The `file` and `line` attributes of the case or its suite, when given. */
  file?: string;
  line?: number;
}

export interface CaseCounts {
  passed: number;
  failed: number;
  skipped: number;
  failures: RawFailure[];
}

const nodes = (value: unknown): XmlNode[] => {
  const list = Array.isArray(value) ? (value as unknown[]) : value === undefined ? [] : [value];
  // An element with no attributes parses as its text alone: `<testcase/>` as "", `<failure>trace</failure>` as "trace".
  return list.map((item) => (item !== null && typeof item === 'object' ? (item as XmlNode) : { '#text': typeof item === 'string' || typeof item === 'number' ? String(item) : '' }));
};
const text = (value: unknown): string => (typeof value === 'string' || typeof value === 'number' ? String(value) : value && typeof value === 'object' ? text((value as XmlNode)['#text']) : '');
const attribute = (node: XmlNode, name: string): string | undefined => (typeof node[name] === 'string' || typeof node[name] === 'number' ? String(node[name]) : undefined);

/** Walks `<testsuites>`/`<testsuite>` roots and counts every case. */
export function collectCases(roots: readonly XmlNode[]): CaseCounts {
  const counts: CaseCounts = { passed: 0, failed: 0, skipped: 0, failures: [] };
  const walk = (suite: XmlNode, inherited: { file?: string }): void => {
    const suiteFile = attribute(suite, 'file') ?? inherited.file;
    for (const inner of nodes(suite.testsuite)) walk(inner, { file: suiteFile });
    const cases = nodes(suite.testcase);
    for (const testcase of cases) {
      const problems = [...nodes(testcase.failure), ...nodes(testcase.error)];
      if (problems.length > 0) {
        counts.failed++;
        counts.failures.push(failureOf(suite, testcase, problems[0], suiteFile));
      } else if ('skipped' in testcase) counts.skipped++;
      else counts.passed++;
    }
    suiteLevelFailures(suite, cases.length, suiteFile, counts);
  };
  for (const root of roots) walk(root, {});
  return counts;
}

// A suite can fail with no case to show it: an `<error>` right under the suite, or only
// its `errors`/`failures` counts. Either is a failure of the suite itself.
function suiteLevelFailures(suite: XmlNode, caseCount: number, file: string | undefined, counts: CaseCounts): void {
  const name = attribute(suite, 'name') ?? '';
  const own = [...nodes(suite.error), ...nodes(suite.failure)];
  for (const problem of own) {
    counts.failed++;
    const body = text(problem);
    counts.failures.push({ name: name || 'test suite', message: messageOf(problem, body) || 'the suite failed', body, owner: name, ...(file ? { file } : {}) });
  }
  const reported = Number(attribute(suite, 'errors') ?? 0) + Number(attribute(suite, 'failures') ?? 0);
  if (own.length === 0 && caseCount === 0 && nodes(suite.testsuite).length === 0 && reported > 0) {
    counts.failed++;
    const output = text(suite['system-err']) || text(suite['system-out']);
    const message = firstLine(output) || `${reported} error${reported === 1 ? '' : 's'} reported with no test case`;
    counts.failures.push({ name: name || 'test suite', message, body: output, owner: name, ...(file ? { file } : {}) });
  }
}

function failureOf(suite: XmlNode, testcase: XmlNode, problem: XmlNode, suiteFile: string | undefined): RawFailure {
  const body = text(problem);
  const owner = attribute(testcase, 'classname') ?? attribute(testcase, 'class') ?? attribute(suite, 'name') ?? '';
  const name = [owner, attribute(testcase, 'name') ?? text(testcase.name)].filter(Boolean).join(' > ');
  const file = attribute(testcase, 'file') ?? suiteFile;
  const line = Number(attribute(testcase, 'line'));
  return { name: name || 'test case', message: messageOf(problem, body), body, owner, ...(file ? { file } : {}), ...(Number.isInteger(line) && line > 0 ? { line } : {}) };
}

// Go's reports say "Failed", some others "failure": the body says what failed.
const genericMessage = /^(failed|failure|error|test failed)\.?$/i;

function messageOf(problem: XmlNode, body: string): string {
  const given = stripAnsi(attribute(problem, 'message') ?? '').trim();
  if (given && !genericMessage.test(given)) return firstLine(given);
  const lines = stripAnsi(body).split('\n').map((l) => l.trim()).filter(Boolean);
  // PHPUnit starts the body with the test's own name (Class::method).
  if (lines.length > 1 && /^[\w\\]+::\w+$/.test(lines[0])) lines.shift();
  return lines[0] ?? given;
}

function firstLine(value: string): string {
  return stripAnsi(value).split('\n').map((l) => l.trim()).find(Boolean) ?? '';
}

// Jest and others keep terminal colours in their messages.
// eslint-disable-next-line no-control-regex -- the escape character is what is being removed
const ansi = /\u001b\[[0-9;]*[A-Za-z]/g;

function stripAnsi(value: string): string {
  return value.replace(ansi, '');
}
