import { readFile } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import { DevopsError } from '../errors';
import { loadOnDemand } from '../loadOnDemand';
import type { FailedTest, TestSummary } from './runTypes';

// The parser libraries load on the first report, not with the extension.
const libraries = (): Promise<typeof import('./junitLibraries.lazy.js')> => loadOnDemand('test report', () => import('./junitLibraries.lazy.js'));

const parserOptions = {
  ignoreAttributes: false,
  attributeNamePrefix: '',
  processEntities: true,
  isArray: (name: string) => ['testsuite', 'testcase', 'failure', 'error'].includes(name),
};

type XmlNode = Record<string, unknown>;
const nodes = (value: unknown): XmlNode[] => (Array.isArray(value) ? (value as XmlNode[]) : value && typeof value === 'object' ? [value as XmlNode] : []);
const text = (value: unknown): string => (typeof value === 'string' || typeof value === 'number' ? String(value) : value && typeof value === 'object' ? text((value as XmlNode)['#text']) : '');

// A stack frame "path/file.ext:12" or "path/file.ext:12:3", skipping Node internals and dependencies.
const frame = /(?:^|[\s(])((?:[A-Za-z]:)?[\w@.\\/-]+\.[A-Za-z]+):(\d+)(?::\d+)?/gm;

function locate(testcase: XmlNode, failureText: string, workspace: string): Pick<FailedTest, 'file' | 'line'> {
  const show = (file: string): string => (isAbsolute(file) && !relative(workspace, file).startsWith('..') ? relative(workspace, file) : file);
  if (typeof testcase.file === 'string') {
    const line = Number(testcase.line);
    return { file: show(testcase.file), ...(Number.isInteger(line) && line > 0 ? { line } : {}) };
  }
  for (const match of failureText.matchAll(frame)) {
    const file = match[1] ?? '';
    if (file.startsWith('node:') || file.includes('node_modules') || file.startsWith('internal/')) continue;
    return { file: show(file), line: Number(match[2]) };
  }
  return {};
}

/** Counts and failed tests of one JUnit XML document; `label` names it in errors. */
export async function parseJunit(xml: string, label: string, workspace: string): Promise<TestSummary> {
  const { XMLParser, XMLValidator } = await libraries();
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new DevopsError('invalid-data', `report ${label} is not XML: ${valid.err.msg} (line ${valid.err.line})`);
  const doc = new XMLParser(parserOptions).parse(xml) as XmlNode;
  const roots = [...nodes(doc.testsuites), ...nodes(doc.testsuite).map((s) => ({ testsuite: [s] }))];
  if (roots.length === 0) throw new DevopsError('invalid-data', `report ${label} is XML but not JUnit: no <testsuites> or <testsuite>`);
  const summary: TestSummary = { passed: 0, failed: 0, skipped: 0, failures: [] };
  const walk = (suite: XmlNode): void => {
    for (const inner of nodes(suite.testsuite)) walk(inner);
    for (const testcase of nodes(suite.testcase)) {
      const problems = [...nodes(testcase.failure), ...nodes(testcase.error)];
      if (problems.length > 0) {
        const first = problems[0] ?? {};
        const body = text(first);
        const message = (typeof first.message === 'string' ? first.message : body).split('\n')[0]?.trim() ?? '';
        const owner = typeof testcase.classname === 'string' ? testcase.classname : typeof suite.name === 'string' ? suite.name : '';
        const name = [owner, text(testcase.name)].filter(Boolean).join(' > ');
        summary.failed++;
        summary.failures.push({ name, message, ...locate(testcase, body, workspace) });
      } else if ('skipped' in testcase) summary.skipped++;
      else summary.passed++;
    }
  };
  roots.forEach(walk);
  return summary;
}

/** Reads every report the stage names (paths or globs, relative to the workspace) and adds them up. */
export async function readJunitReports(patterns: readonly string[], workspace: string): Promise<TestSummary> {
  const { glob } = await libraries();
  const files = await glob([...patterns], { cwd: workspace, absolute: true, dot: true, onlyFiles: true });
  if (files.length === 0) throw new DevopsError('not-found', `no test report matches ${patterns.join(', ')}`);
  const total: TestSummary = { passed: 0, failed: 0, skipped: 0, failures: [] };
  for (const file of files.sort()) {
    const label = relative(workspace, file);
    let xml: string;
    try {
      xml = await readFile(resolve(file), 'utf8');
    } catch (error) {
      throw new DevopsError('io', `could not read report ${label}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, { cause: error });
    }
    const one = await parseJunit(xml, label, workspace);
    total.passed += one.passed;
    total.failed += one.failed;
    total.skipped += one.skipped;
    total.failures.push(...one.failures);
  }
  return total;
}
