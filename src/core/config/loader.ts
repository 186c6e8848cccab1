import { devopsConfigSchema, extensionKeyPattern } from './schema';
import type { DevopsConfig } from './schema';
import { hasErrors, sortProblems } from './problem';
import type { Problem } from './problem';
import { retiredValues } from './retiredValues';
import { validateConfig } from './validate';
import { readSourceFile } from '../yaml/readSourceFile';
import { unexpectedProblem } from '../yaml/unexpectedProblem';
import { parseYaml } from '../yaml/yamlSource';
import { positionlessSource, PositionsNeeded, readPlainYamlValue } from '../yaml/plainYamlValue';
import { refuseSource } from '../yaml/sourceGuards';
import type { YamlFileKind } from '../yaml/yamlSource';
import { zodProblems } from '../yaml/zodProblems';

export interface ConfigLoadResult {
  /** The validated config; undefined when any problem is an error. */
  config: DevopsConfig | undefined;
  /** Every problem found, in file order. */
  problems: Problem[];
}

const configKind: YamlFileKind = { what: 'devops.yaml', expected: 'keys such as `version: 1` and `services:`' };

export function parseDevopsConfig(text: string, file: string): ConfigLoadResult {
  try {
    return checkedWithoutPositions(text, file) ?? parseChecked(text, file);
  } catch (error) {
    return finish(undefined, [unexpectedProblem(file, configKind.what, error)]);
  }
}

/** The full check with positions: every problem, where it is. */
export function parseChecked(text: string, file: string): ConfigLoadResult {
  const { source, value, problems } = parseYaml(text, file, configKind);
  if (!source || value === undefined) return finish(undefined, problems);
  const retired = retiredValues(withoutExtensionKeys(value), source);
  problems.push(...retired.problems);
  const parsed = devopsConfigSchema.safeParse(retired.value);
  if (!parsed.success) return finish(undefined, [...problems, ...zodProblems(source, devopsConfigSchema, parsed.error.issues)]);
  return finish(parsed.data, [...problems, ...validateConfig(parsed.data, source)]);
}

/**
 * The result for a file with no problem at all, which needs no positions: read as plain data
 * (plainYamlValue.ts) and checked as parseChecked does. Undefined at the first sign of a
 * problem; parseChecked then reads the file again and reports every problem where it is.
 */
export function checkedWithoutPositions(rawText: string, file: string): ConfigLoadResult | undefined {
  const text = rawText.startsWith('\uFEFF') ? rawText.slice(1) : rawText;
  if (refuseSource(text, configKind.what)) return undefined;
  const value = readPlainYamlValue(text);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  try {
    const source = positionlessSource(file, text);
    const retired = retiredValues(withoutExtensionKeys(value), source);
    const parsed = devopsConfigSchema.safeParse(retired.value);
    if (retired.problems.length > 0 || !parsed.success) return undefined;
    return validateConfig(parsed.data, source).length === 0 ? { config: parsed.data, problems: [] } : undefined;
  } catch (error) {
    if (error instanceof PositionsNeeded) return undefined;
    throw error;
  }
}

function withoutExtensionKeys(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([key]) => !extensionKeyPattern.test(key)));
}

export async function loadDevopsConfigFile(path: string): Promise<ConfigLoadResult> {
  const read = await readSourceFile(path, configKind.what);
  return 'problem' in read ? finish(undefined, [read.problem]) : parseDevopsConfig(read.text, path);
}

function finish(config: DevopsConfig | undefined, problems: Problem[]): ConfigLoadResult {
  const sorted = sortProblems(problems);
  return { config: hasErrors(sorted) ? undefined : config, problems: sorted };
}
