// A strict reader of the Prometheus text exposition format (0.0.4), enough to prove the
// demo's /metrics is what a Prometheus server accepts.

/** One sample line. */
export interface Sample {
  /** Metric name, including _bucket/_sum/_count suffixes. */
  name: string;
  /** Label names to values, unescaped. */
  labels: Record<string, string>;
  /** The sample value. */
  value: number;
}

/** What a /metrics body holds. */
export interface Exposition {
  /** Declared type per metric family. */
  types: Map<string, string>;
  /** HELP text per metric family. */
  help: Map<string, string>;
  /** Every sample in order. */
  samples: Sample[];
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)",?/gy;
const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);

function familyOf(name: string, types: Map<string, string>): string | undefined {
  if (types.has(name)) return name;
  const base = name.replace(/_(bucket|sum|count)$/, '');
  return types.get(base) === 'histogram' || types.get(base) === 'summary' ? base : undefined;
}

export function parseExposition(text: string): Exposition {
  const types = new Map<string, string>();
  const help = new Map<string, string>();
  const samples: Sample[] = [];
  if (!text.endsWith('\n')) throw new Error('exposition must end with a newline');
  text.slice(0, -1).split('\n').forEach((line, index) => {
    const where = `line ${index + 1}: ${line}`;
    const comment = /^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.*)$/.exec(line);
    if (comment) {
      const [, kind, name, rest] = comment as unknown as [string, string, string, string];
      if (kind === 'TYPE' && !TYPES.has(rest)) throw new Error(`unknown type, ${where}`);
      (kind === 'TYPE' ? types : help).set(name, rest);
      return;
    }
    const match = SAMPLE.exec(line);
    if (!match) throw new Error(`not a sample, ${where}`);
    const [, name, labelText, valueText] = match as unknown as [string, string, string | undefined, string];
    const value = Number(valueText);
    if (Number.isNaN(value) && valueText !== 'NaN') throw new Error(`bad value, ${where}`);
    if (!familyOf(name, types)) throw new Error(`sample before its # TYPE, ${where}`);
    samples.push({ name, labels: parseLabels(labelText ?? '', where), value });
  });
  return { types, help, samples };
}

function parseLabels(text: string, where: string): Record<string, string> {
  const labels: Record<string, string> = {};
  LABEL.lastIndex = 0;
  let consumed = 0;
  for (let match = LABEL.exec(text); match; match = LABEL.exec(text)) {
    labels[match[1]] = match[2].replace(/\\(["\\n])/g, (_m, c: string) => (c === 'n' ? '\n' : c));
    consumed = LABEL.lastIndex;
  }
  if (consumed !== text.length) throw new Error(`bad labels, ${where}`);
  return labels;
}

/** Sum of the samples named `name` whose labels include every pair of `labels`. */
export function sumOf(exposition: Exposition, name: string, labels: Record<string, string> = {}): number {
  return exposition.samples
    .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
    .reduce((sum, s) => sum + s.value, 0);
}
