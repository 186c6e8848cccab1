import * as z from 'zod';
import type { Problem } from '../config/problem';
import { didYouMean } from './didYouMean';
import { locate, problemAt } from './yamlLocate';
import type { YamlPath, YamlSource } from './yamlSource';

// Turns zod issues into positioned problems with messages written for the person
// editing the file, not for the developer of the schema.

type Issue = z.core.$ZodIssue;

/** Past this many, the rest are counted, not listed: nobody reads problem 5000, and each costs time. */
export const maxSchemaProblems = 200;

export function zodProblems(source: YamlSource, schema: z.ZodType, issues: readonly Issue[]): Problem[] {
  const problems: Problem[] = [];
  let skipped = 0;
  for (const issue of issues) {
    const room = maxSchemaProblems - problems.length;
    if (room <= 0) skipped += issue.code === 'unrecognized_keys' ? issue.keys.length : 1;
    else if (issue.code === 'unrecognized_keys' && issue.keys.length > room) {
      problems.push(...issueProblems(source, schema, { ...issue, keys: issue.keys.slice(0, room) }));
      skipped += issue.keys.length - room;
    } else problems.push(...issueProblems(source, schema, issue));
  }
  if (skipped > 0) {
    const message = `${skipped} more problems like these are not listed; fix the ones above first`;
    problems.push(problemAt(source, [], { severity: 'error', code: 'more-problems', message }));
  }
  return problems;
}

function issueProblems(source: YamlSource, schema: z.ZodType, issue: Issue): Problem[] {
  const path = toPath(issue.path);
  const error = (message: string, code: string, at: YamlPath = path, target: 'key' | 'value' = 'value'): Problem =>
    problemAt(source, at, { severity: 'error', code, message }, target);
  const missing = (at: YamlPath): Problem => error(`missing required key \`${String(at.at(-1))}\`${where(at.slice(0, -1))}`, 'missing-key');
  switch (issue.code) {
    case 'unrecognized_keys': {
      const allowed = allowedKeysAt(schema, path);
      return issue.keys.map((key) => {
        const hint = didYouMean(key, allowed) || (allowed.length > 0 ? `; allowed here: ${allowed.join(', ')}` : '');
        return error(`unknown key \`${key}\`${where(path)}${hint}`, 'unknown-key', [...path, key], 'key');
      });
    }
    case 'invalid_type': {
      if (!locate(source, path).exact) return [missing(path)];
      return [error(`${label(path)} should be ${describeExpected(issue.expected)}, not ${describeValue(valueAt(source, path))}`, 'wrong-type')];
    }
    case 'invalid_value': {
      if (!locate(source, path).exact) return [missing(path)];
      const actual = valueAt(source, path);
      const options = issue.values.map((v) => String(v));
      const hint = typeof actual === 'string' ? didYouMean(actual, options) : '';
      const expected = options.length === 1 ? `\`${options[0]}\`` : `one of ${options.join(', ')}`;
      return [error(`${label(path)} must be ${expected}${hint}`, 'invalid-value')];
    }
    case 'invalid_key': {
      const reason = issue.issues[0]?.message ?? issue.message;
      return [error(`\`${String(path.at(-1))}\` is not a valid name: ${reason}`, 'invalid-name', path, 'key')];
    }
    case 'invalid_format':
      return [error(`${label(path)} is not valid: expected ${issue.message}`, 'invalid-format')];
    case 'too_small':
      return [error(`${label(path)} ${tooSmall(issue.origin, Number(issue.minimum))}`, 'out-of-range')];
    case 'too_big':
      return [error(`${label(path)} ${issue.origin === 'array' ? `allows at most ${String(issue.maximum)} entries` : `must be at most ${String(issue.maximum)}`}`, 'out-of-range')];
    case 'invalid_union': {
      const expected = issue.errors.flatMap((branch) => branch.filter((i) => i.code === 'invalid_type').map((i) => describeExpected(i.expected)));
      const text = expected.length > 0 ? `should be ${[...new Set(expected)].join(' or ')}` : 'is not valid';
      return [error(`${label(path)} ${text}, not ${describeValue(valueAt(source, path))}`, 'wrong-type')];
    }
    default:
      return [error(`${label(path)}: ${issue.message}`, 'invalid')];
  }
}

function tooSmall(origin: string, minimum: number): string {
  if (origin === 'array') return `needs at least ${minimum} ${minimum === 1 ? 'entry' : 'entries'}`;
  if (origin === 'string') return minimum === 1 ? 'must not be empty' : `needs at least ${minimum} characters`;
  return `must be at least ${minimum}`;
}

function toPath(path: readonly PropertyKey[]): YamlPath {
  return path.map((p) => (typeof p === 'number' ? p : String(p)));
}

/** services.api.ports[0] */
export function pathText(path: YamlPath): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

function label(path: YamlPath): string {
  return path.length === 0 ? 'the file' : `\`${pathText(path)}\``;
}

function where(path: YamlPath): string {
  return path.length === 0 ? '' : ` in \`${pathText(path)}\``;
}

function valueAt(source: YamlSource, path: YamlPath): unknown {
  const { node, exact } = locate(source, path);
  return exact && node ? node.toJSON() : undefined;
}

const expectedWords: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'a mapping (key: value lines)',
  array: 'a list',
  record: 'a mapping (key: value lines)',
};

function describeExpected(expected: string): string {
  return expectedWords[expected] ?? expected;
}

function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'empty';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `the text "${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;
  if (typeof value === 'number' || typeof value === 'boolean') return `${typeof value} ${String(value)}`;
  return 'something else';
}

/** The keys a strict object schema accepts at a data path, for "did you mean". */
export function allowedKeysAt(schema: z.ZodType, path: YamlPath): string[] {
  let current: unknown = schema;
  for (const segment of [...path, undefined]) {
    current = unwrap(current);
    if (segment === undefined) break;
    if (current instanceof z.ZodObject) current = (current.shape as Record<string, unknown>)[String(segment)];
    else if (current instanceof z.ZodRecord) current = current.valueType;
    else if (current instanceof z.ZodArray) current = current.element;
    else return [];
  }
  return current instanceof z.ZodObject ? Object.keys(current.shape) : [];
}

function unwrap(schema: unknown): unknown {
  let current = schema;
  for (;;) {
    if (current instanceof z.ZodOptional || current instanceof z.ZodDefault || current instanceof z.ZodNullable) current = current.unwrap();
    else if (current instanceof z.ZodPipe) current = current.in;
    else return current;
  }
}
