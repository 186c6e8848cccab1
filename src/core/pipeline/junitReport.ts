import { lstat } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { readFileCapped } from '../boundedRead';
import { DevopsError } from '../errors';
import { loadOnDemand } from '../loadOnDemand';
import { pathLeavesWorkspace, resolveInWorkspace } from '../workspacePath';
import { collectCases } from './junitCases';
import { testFrames } from './junitFrames';
import { sourcePathResolver } from './junitSourcePaths';
import type { FailedTest, TestSummary } from './runTypes';

/** A JUnit file of 100,000 test cases is about 30 MB; past this it is not a report worth parsing. */
const maxReportBytes = 64 * 1024 * 1024;

// The parser libraries load on the first report, not with the extension.
const libraries = (): Promise<typeof import('./junitLibraries.lazy.js')> => loadOnDemand('test report', () => import('./junitLibraries.lazy.js'));

const parserOptions = {
  ignoreAttributes: false,
  attributeNamePrefix: '',
  processEntities: true,
  // Numeric character references (`&#10;`, `&#x0A;`) as well as the named ones: tools write newlines in messages that way.
  htmlEntities: true,
  isArray: (name: string) => ['testsuite', 'testcase', 'failure', 'error'].includes(name),
};

type XmlNode = Record<string, unknown>;
const roots = (value: unknown): XmlNode[] => (Array.isArray(value) ? value : value === undefined ? [] : [value]).map((v) => (v && typeof v === 'object' ? (v as XmlNode) : {}));

/** Counts and failed tests of one JUnit XML document; `label` names it in errors. */
export async function parseJunit(xml: string, label: string, workspace: string): Promise<TestSummary> {
  const { XMLParser, XMLValidator, glob } = await libraries();
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new DevopsError('invalid-data', `report ${label} is not XML: ${valid.err.msg} (line ${valid.err.line})`);
  const doc = new XMLParser(parserOptions).parse(xml) as XmlNode;
  // An empty `<testsuites/>` is a report of no tests (a filter that matched nothing), not another format.
  if (!('testsuites' in doc) && !('testsuite' in doc)) throw new DevopsError('invalid-data', `report ${label} is XML but not JUnit: no <testsuites> or <testsuite>`);
  const counts = collectCases([...roots(doc.testsuites), ...roots(doc.testsuite).map((s) => ({ testsuite: [s] }))]);
  const search = (pattern: string): Promise<string[]> => glob([pattern], { cwd: workspace, onlyFiles: true, followSymbolicLinks: false, ignore: ['**/node_modules/**', '**/.git/**'], deep: 12 });
  const resolve = sourcePathResolver(workspace, search);
  const failures: FailedTest[] = [];
  for (const failure of counts.failures) {
    // A frame in the test's own code is more exact than the line a report gives for the whole test;
    // of several, the first whose file is in this workspace (a runtime's own frames are not).
    const frames = testFrames(failure.body, failure.owner, failure.file);
    const candidates = frames.length > 0 ? frames : failure.file ? [{ file: failure.file, line: failure.line ?? 0 }] : [];
    let located: { path: string; line: number } | undefined;
    for (const frame of candidates) {
      const { path, found } = await resolve(frame, failure.owner);
      located ??= { path, line: frame.line };
      if (found) {
        located = { path, line: frame.line };
        break;
      }
    }
    failures.push({ name: failure.name, message: failure.message, ...(located ? { file: located.path } : {}), ...(located && located.line > 0 ? { line: located.line } : {}) });
  }
  return { passed: counts.passed, failed: counts.failed, skipped: counts.skipped, failures };
}

/** Reads every report the stage names (paths or globs, relative to the workspace) and adds them up. */
export async function readJunitReports(patterns: readonly string[], workspace: string): Promise<TestSummary> {
  for (const pattern of patterns) {
    const why = pathLeavesWorkspace(pattern);
    if (why !== undefined) throw new DevopsError('forbidden', `report "${pattern}" ${why}`);
  }
  const { glob } = await libraries();
  // Globs walk no linked folder (`**` through a link to / would read the whole machine);
  // a plain path is taken as written, so a link there meets resolveInWorkspace's refusal.
  const literal = patterns.filter((p) => !/[*?[\]{}()!]/.test(p)).map((p) => resolve(workspace, p));
  const globs = patterns.filter((p) => /[*?[\]{}()!]/.test(p));
  const matched = globs.length === 0 ? [] : await glob(globs, { cwd: workspace, absolute: true, dot: true, onlyFiles: true, followSymbolicLinks: false });
  const present = await Promise.all(literal.map((file) => lstat(file).then(() => file, () => undefined)));
  const files = [...new Set([...present.filter((f) => f !== undefined), ...matched])];
  if (files.length === 0) throw new DevopsError('not-found', `no test report matches ${patterns.join(', ')}`);
  const total: TestSummary = { passed: 0, failed: 0, skipped: 0, failures: [] };
  for (const file of files.sort()) {
    const label = relative(workspace, file);
    const path = await resolveInWorkspace(workspace, file, 'report');
    const xml = (await readFileCapped(path, maxReportBytes, `report ${label}`)).toString('utf8');
    const one = await parseJunit(xml, label, workspace);
    total.passed += one.passed;
    total.failed += one.failed;
    total.skipped += one.skipped;
    total.failures.push(...one.failures);
  }
  return total;
}
