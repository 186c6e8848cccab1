// `devops-loop init` and Create devops.yaml: a first devops.yaml written from what the
// repository already has. Every file is read through the same guards (size, binary,
// aliases), and whatever cannot be taken over becomes a note at its file and line; no
// file can stop the scan of the others.
import { basename } from 'node:path';
import { parseDevopsConfig } from '../../core/config/loader';
import { compactEntry } from '../../core/config/serviceEntry';
import { findBinary } from '../../core/yaml/sourceGuards';
import { importComposeText } from '../import/composeImport';
import { parseDotEnv } from '../import/composeInterpolation';
import type { ImportedService, ServiceImport } from '../import/importTypes';
import { importKubernetesTexts } from '../import/kubernetesImport';
import { maxImportBytes } from '../import/yamlData';
import { type StageSource, makefileStages, mergeStageSources, packageJsonStages, toolchainStages } from './buildStages';
import { ciDrafts } from './ciEntries';
import { readOrigin } from './gitRemote';
import { scanRepository } from './repoScan';
import type { ScaffoldNote } from './scaffoldNotes';
import type { ScaffoldRepo } from './scaffoldRepo';
import { renderScaffold } from './scaffoldText';

export { formatNote } from './scaffoldNotes';
export type { ScaffoldNote } from './scaffoldNotes';

/** A scaffold: the devops.yaml text and what could not be taken over. */
export interface Scaffold {
  text: string;
  notes: ScaffoldNote[];
  counts: { services: number; stages: number; ci: number };
}

const serviceName = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** Scans the repository at `root` (an absolute path, for the git metadata and the job name). */
export async function scaffoldRepository(repo: ScaffoldRepo, root: string): Promise<Scaffold> {
  const notes: ScaffoldNote[] = [];
  const files = await scanRepository(repo, notes);
  const texts = new Map<string, string>();
  const read = async (file: string, kind: string, quiet = false): Promise<string | undefined> => {
    const result = await repo.read(file, maxImportBytes);
    if ('missing' in result) return undefined;
    if ('refused' in result) {
      if (!quiet) notes.push({ file, line: 1, message: `this file ${result.refused}; not read` });
      return undefined;
    }
    const binary = findBinary(result.text, basename(file), kind);
    if (binary) {
      notes.push({ file, line: result.text.slice(0, binary.offset).split('\n').length, message: `${binary.message}; not read` });
      return undefined;
    }
    texts.set(file, result.text);
    return result.text;
  };
  const has = (name: string): boolean => files.rootNames.has(name);

  const stageSources: StageSource[] = [];
  let name: string | undefined;
  const packageText = has('package.json') ? await read('package.json', 'JSON') : undefined;
  if (packageText !== undefined) {
    const fromPackage = packageJsonStages(packageText, files.rootNames, notes);
    name = fromPackage.name;
    stageSources.push(fromPackage);
  }
  const makefile = ['GNUmakefile', 'makefile', 'Makefile'].find(has);
  const makeText = makefile ? await read(makefile, 'Makefile') : undefined;
  if (makefile && makeText !== undefined) stageSources.push(makefileStages(makefile, makeText));
  if (has('pyproject.toml')) await read('pyproject.toml', 'TOML');
  stageSources.push(...toolchainStages(files.rootNames, (file) => texts.get(file)));
  const pipeline = mergeStageSources(stageSources, notes);

  const imports: ServiceImport[] = [];
  for (const file of files.composeFiles) {
    const text = await read(file, 'YAML');
    if (text === undefined) continue;
    const dotEnv = await read(file.includes('/') ? `${file.slice(0, file.lastIndexOf('/'))}/.env` : '.env', 'env', true);
    imports.push(importComposeText(text, file, { commandPath: file, env: dotEnv === undefined ? {} : parseDotEnv(dotEnv) }));
  }
  const manifests: { file: string; text: string }[] = [];
  for (const file of files.yamlFiles) {
    const text = await read(file, 'YAML');
    if (text !== undefined && /^apiVersion:/m.test(text) && /^kind:/m.test(text)) manifests.push({ file, text });
  }
  if (manifests.length > 0) imports.push(importKubernetesTexts(manifests));
  for (const result of imports) for (const note of result.notes) notes.push(importNote(note));
  const services = collectServices(imports.flatMap((r) => r.services), notes);

  const origin = await readOrigin(repo, root);
  const ci = ciDrafts({ githubWorkflow: files.workflows[0], gitlabCi: has('.gitlab-ci.yml') ? '.gitlab-ci.yml' : undefined, jenkinsfile: has('Jenkinsfile') ? 'Jenkinsfile' : undefined }, origin, basename(root), notes);
  const sources = [...pipeline.sources, ...new Set(imports.flatMap((r) => r.services.map((s) => s.source.file))), ...(files.workflows.length > 0 ? ['.github/workflows'] : []), ...['.gitlab-ci.yml', 'Jenkinsfile'].filter(has)];
  const text = renderScaffold({ ...(name ? { name } : {}), sources, services, stages: pipeline.stages, environments: pipeline.environments, ci });
  // What init writes must pass `check`; should a rule be missed above, say so rather than write silently.
  for (const problem of parseDevopsConfig(text, 'devops.yaml').problems.filter((p) => p.severity === 'error')) {
    notes.push({ file: 'devops.yaml', line: problem.line, message: `the written file needs a fix: ${problem.message}` });
  }
  return { text, notes, counts: { services: Object.keys(services).length, stages: Object.keys(pipeline.stages).length, ci: ci.filter((d) => d.toFill === undefined).length } };
}

function importNote(note: ServiceImport['notes'][number]): ScaffoldNote {
  const message = note.message.replace(/\.$/, '');
  const named = note.service !== undefined && !message.includes(`"${note.service}"`) ? `service "${note.service}": ${message}` : message;
  return { file: note.file, line: note.line ?? 1, message: named };
}

/** The first service of a name wins; a later one, or one devops.yaml cannot name, is noted. */
function collectServices(imported: readonly ImportedService[], notes: ScaffoldNote[]): Record<string, Record<string, unknown>> {
  const kept = new Map<string, ImportedService>();
  for (const service of imported) {
    const at = { file: service.source.file, line: service.source.line ?? 1 };
    const first = kept.get(service.name);
    if (!serviceName.test(service.name)) notes.push({ ...at, message: `service "${service.name}" is not added: devops.yaml names use letters, digits, ".", "_" and "-"` });
    else if (first) notes.push({ ...at, message: `service "${service.name}" is not added again: it already comes from ${first.source.file}:${first.source.line ?? 1}` });
    else kept.set(service.name, service);
  }
  const entries: Record<string, Record<string, unknown>> = {};
  for (const [name, service] of kept) {
    const missing = service.config.dependsOn.filter((d) => !kept.has(d));
    if (missing.length > 0) {
      notes.push({ file: service.source.file, line: service.source.line ?? 1, message: `service "${name}": dependsOn leaves out ${missing.join(', ')}, not among the imported services` });
    }
    entries[name] = compactEntry({ ...service.config, dependsOn: service.config.dependsOn.filter((d) => kept.has(d) && d !== name) });
  }
  return entries;
}
