// Build files → pipeline stages: package.json scripts, Makefile targets, and the usual
// build and test commands of pyproject, Cargo, Go, Maven and Gradle projects. The first
// source of a stage name keeps it; a later one is noted where it is written.
import type { ScaffoldNote } from './scaffoldNotes';
import { type StarterStage, stageName, stagesFromScripts } from './packageScripts';

/** What one build file contributes. */
export interface StageSource {
  /** The file, relative to the root. */
  file: string;
  stages: Record<string, StarterStage>;
  environments: string[];
  /** Line of each stage's origin in the file (a script, a target); 1 when unknown. */
  lines: Record<string, number>;
}

export interface MergedStages {
  stages: Record<string, StarterStage>;
  environments: string[];
  /** Files that gave at least one stage. */
  sources: string[];
}

export function mergeStageSources(sources: readonly StageSource[], notes: ScaffoldNote[]): MergedStages {
  const merged: MergedStages = { stages: {}, environments: [], sources: [] };
  const from = new Map<string, string>();
  for (const source of sources) {
    let used = false;
    for (const [name, stage] of Object.entries(source.stages)) {
      const taken = from.get(name);
      if (taken !== undefined) {
        notes.push({ file: source.file, line: source.lines[name] ?? 1, message: `\`${name}\` is not added as a stage: a stage of that name already comes from ${taken}` });
        continue;
      }
      merged.stages[name] = stage;
      from.set(name, source.file);
      used = true;
    }
    if (!used) continue;
    merged.sources.push(source.file);
    for (const env of source.environments) if (!merged.environments.includes(env)) merged.environments.push(env);
  }
  // A stage may need one that a later source lost to a duplicate: keep only needs that exist.
  for (const stage of Object.values(merged.stages)) if (stage.needs) stage.needs = stage.needs.filter((n) => n in merged.stages);
  return merged;
}

export function packageJsonStages(text: string, rootNames: ReadonlySet<string>, notes: ScaffoldNote[]): StageSource & { name?: string } {
  const empty = { file: 'package.json', stages: {}, environments: [], lines: {} };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    notes.push({ file: 'package.json', line: jsonErrorLine(text, error), message: `not valid JSON (${error instanceof Error ? error.message : String(error)}); no stages from its scripts` });
    return empty;
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return empty;
  const { name, scripts } = data as { name?: unknown; scripts?: unknown };
  const entries = typeof scripts === 'object' && scripts !== null ? Object.entries(scripts).filter((e): e is [string, string] => typeof e[1] === 'string') : [];
  const manager = rootNames.has('pnpm-lock.yaml') ? 'pnpm' : rootNames.has('yarn.lock') ? 'yarn' : rootNames.has('bun.lockb') || rootNames.has('bun.lock') ? 'bun' : 'npm';
  const pipeline = stagesFromScripts(Object.fromEntries(entries), manager);
  const lines: Record<string, number> = {};
  for (const [script] of entries) lines[stageName(script)] = lineOfText(text, `"${script}"`);
  return { ...empty, ...pipeline, lines, ...(typeof name === 'string' ? { name } : {}) };
}

export function makefileStages(file: string, text: string): StageSource {
  const targets: Record<string, string> = {};
  const lines: Record<string, number> = {};
  text.split(/\r?\n/).forEach((line, i) => {
    // `build test: deps` and `deploy-%:` style; recipes start with a tab; `X := 1` is a variable.
    const match = /^([A-Za-z0-9][A-Za-z0-9_.-]*(?:[ \t]+[A-Za-z0-9][A-Za-z0-9_.-]*)*)[ \t]*::?(?![:=])/.exec(line);
    if (!match) return;
    for (const target of match[1].split(/[ \t]+/)) {
      if (target in targets) continue;
      targets[target] = `make ${target}`;
      lines[stageName(target)] = i + 1;
    }
  });
  return { file, ...stagesFromScripts(targets, 'make'), lines };
}

/** Test (and build) commands of the common language toolchains, from their build files at the root. */
export function toolchainStages(rootNames: ReadonlySet<string>, readText: (name: string) => string | undefined): StageSource[] {
  const sources: StageSource[] = [];
  const add = (file: string, build: string | undefined, test: string, reports?: string[]): void => {
    const stages: Record<string, StarterStage> = {};
    if (build) stages.build = { run: build };
    stages.test = { run: test, ...(build ? { needs: ['build'] } : {}), ...(reports ? { reports } : {}) };
    sources.push({ file, stages, environments: [], lines: {} });
  };
  if (rootNames.has('pyproject.toml') && /\bpytest\b/.test(readText('pyproject.toml') ?? '')) {
    const runner = rootNames.has('uv.lock') ? 'uv run ' : rootNames.has('poetry.lock') ? 'poetry run ' : '';
    add('pyproject.toml', undefined, `${runner}python -m pytest --junitxml=reports/pytest.xml`, ['reports/pytest.xml']);
  }
  if (rootNames.has('Cargo.toml')) add('Cargo.toml', 'cargo build', 'cargo test');
  if (rootNames.has('go.mod')) add('go.mod', 'go build ./...', 'go test ./...');
  if (rootNames.has('pom.xml')) {
    const mvn = rootNames.has('mvnw') ? './mvnw' : 'mvn';
    add('pom.xml', `${mvn} -B -DskipTests package`, `${mvn} -B test`);
  }
  const gradleFile = ['build.gradle.kts', 'build.gradle'].find((f) => rootNames.has(f));
  if (gradleFile) {
    const gradle = rootNames.has('gradlew') ? './gradlew' : 'gradle';
    add(gradleFile, `${gradle} assemble`, `${gradle} test`);
  }
  return sources;
}

function lineOfText(text: string, needle: string): number {
  const index = text.indexOf(needle);
  return index < 0 ? 1 : text.slice(0, index).split('\n').length;
}

function jsonErrorLine(text: string, error: unknown): number {
  const position = /position (\d+)/.exec(error instanceof Error ? error.message : '')?.[1];
  return position === undefined ? 1 : text.slice(0, Number(position)).split('\n').length;
}
