import { FAILSAFE_SCHEMA, load, Type } from 'js-yaml';
import type { YamlSource } from './yamlSource';

// The data of a plain YAML file, read about ten times faster than the positioned parse of
// yamlSource.ts: js-yaml builds no node tree. It is only ever a shortcut for a file that
// turns out to have no problem (loader.ts); anything else is parsed again with positions.
// So it must never give different data from that parse, and it declines whatever the two
// parsers could read differently: anchors, aliases and merge keys, tags, directives, more
// than one document, null keys, and any error at all.

// The YAML 1.2 core schema exactly as the `yaml` library resolves it (its schema/core),
// not js-yaml's own, which also reads `1_000`, `0b1` and timestamps.
const nullType = new Type('tag:yaml.org,2002:null', {
  kind: 'scalar',
  resolve: (text: string) => /^(?:~|[Nn]ull|NULL)?$/.test(text),
  construct: () => null,
});
const boolType = new Type('tag:yaml.org,2002:bool', {
  kind: 'scalar',
  resolve: (text: string) => /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/.test(text),
  construct: (text: string) => text[0] === 't' || text[0] === 'T',
});
const intType = new Type('tag:yaml.org,2002:int', {
  kind: 'scalar',
  resolve: (text: string) => /^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$/.test(text),
  construct: (text: string) => (text.startsWith('0o') ? parseInt(text.slice(2), 8) : text.startsWith('0x') ? parseInt(text.slice(2), 16) : parseInt(text, 10)),
});
const floatType = new Type('tag:yaml.org,2002:float', {
  kind: 'scalar',
  resolve: (text: string) => /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?)$/.test(text),
  construct: (text: string) => {
    if (/nan$/i.test(text)) return NaN;
    if (/inf$/i.test(text)) return text.startsWith('-') ? -Infinity : Infinity;
    return parseFloat(text);
  },
});
const coreSchema = FAILSAFE_SCHEMA.extend({ implicit: [nullType, boolType, intType, floatType] });

// Where the parsers' readings could part: `&a`/`*a` anchors and aliases, `!tag`s, `%` directives,
// `<<` merge keys, a `---`/`...` document marker, and a null key (`~:`/`null:`, '' for one
// parser, 'null' for the other), a collection as a key, and `__proto__`. Matching quoted text too only costs the shortcut.
const mayReadDifferently = /(?:^|[\s[{,:?-])[&*!][^\s]|^%|<<|^(?:---|\.\.\.)|(?:^|[\s[{,?])(?:~|null|Null|NULL)?\s*:(?:\s|$)|[\]}]\s*:(?:\s|$)|__proto__/m;

/** The file's data, or undefined when only the positioned parse may read it. */
export function readPlainYamlValue(text: string): unknown {
  if (mayReadDifferently.test(text)) return undefined;
  try {
    return load(text, { schema: coreSchema, json: false });
  } catch {
    return undefined;
  }
}

/** Thrown by a positionless source when a check wants to point at the text. */
export class PositionsNeeded extends Error {}

/** A source for checks run on plain data: the first problem to locate ends the shortcut. */
export function positionlessSource(file: string, text: string): YamlSource {
  const needed = (): never => {
    throw new PositionsNeeded('this check needs the positioned parse');
  };
  return {
    file,
    text,
    get doc() {
      return needed();
    },
    get lineCounter() {
      return needed();
    },
  };
}
