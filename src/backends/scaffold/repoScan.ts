// One walk over a repository that finds what a scaffold reads: build files at the root,
// compose files and Kubernetes manifest candidates anywhere (within bounds), CI files.
// Folders that hold dependencies or build output are not entered; a folder that cannot be
// listed is noted and the walk goes on.
import type { ScaffoldNote } from './scaffoldNotes';
import type { ScaffoldRepo } from './scaffoldRepo';

/** What the walk found, paths relative to the root. */
export interface RepoFiles {
  /** File names at the root. */
  rootNames: Set<string>;
  /** One compose file per folder (compose.yaml before docker-compose.yml…). */
  composeFiles: string[];
  /** Other YAML files: Kubernetes manifests among them. */
  yamlFiles: string[];
  /** `.github/workflows/*.yml`. */
  workflows: string[];
}

const skippedFolders = new Set([
  'node_modules', 'bower_components', 'vendor', 'dist', 'out', 'build', 'target', 'coverage', '__pycache__',
  'venv', 'site-packages', 'Pods', 'DerivedData', 'tmp', 'temp', 'logs', 'fixtures', '__fixtures__', 'testdata', '__snapshots__',
]);
/** Deep enough for `deploy/k8s/overlays/production/`; a generated tree goes deeper. */
const maxDepth = 6;
/** Entries looked at before the walk stops; a repository this large gets a note. */
const maxEntries = 50_000;
const composePreference = ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'];
const composeName = /^(?:docker-)?compose(?:\.[\w.-]+)?\.ya?ml$/;
/** YAML that is never a manifest: it is read for what it is, or not at all. */
const notManifests = new Set(['devops.yaml', 'sprint.yaml', '.gitlab-ci.yml', 'pnpm-lock.yaml', 'Chart.yaml', 'Chart.lock', '.pre-commit-config.yaml', 'mkdocs.yml', 'codecov.yml', '.golangci.yml', 'dependabot.yml']);

export async function scanRepository(repo: ScaffoldRepo, notes: ScaffoldNote[]): Promise<RepoFiles> {
  const found: RepoFiles = { rootNames: new Set(), composeFiles: [], yamlFiles: [], workflows: [] };
  let seen = 0;
  const queue: { dir: string; depth: number }[] = [{ dir: '.', depth: 0 }];
  while (queue.length > 0) {
    const { dir, depth } = queue.shift()!;
    const listing = await repo.list(dir);
    if ('refused' in listing) {
      notes.push({ file: dir, line: 1, message: `this folder ${listing.refused}; what it holds is not scanned` });
      continue;
    }
    const entries = [...listing.entries].sort((a, b) => a.name.localeCompare(b.name));
    seen += entries.length;
    if (seen > maxEntries) {
      notes.push({ file: dir, line: 1, message: `the scan stopped after ${maxEntries} files; folders after this one are not read` });
      break;
    }
    const path = (name: string): string => (dir === '.' ? name : `${dir}/${name}`);
    const files = entries.filter((e) => e.kind === 'file').map((e) => e.name);
    if (dir === '.') for (const name of files) found.rootNames.add(name);
    if (dir === '.github/workflows') found.workflows.push(...files.filter((f) => /\.ya?ml$/.test(f)).map(path));
    else addYaml(files, path, found, notes);
    for (const other of entries.filter((e) => e.kind === 'other' && wouldRead(dir, e.name))) {
      notes.push({ file: path(other.name), line: 1, message: 'a link or special file, not a regular file; not followed' });
    }
    // A Helm chart's templates are Go templates, not YAML: they cannot be read as manifests.
    const chart = files.includes('Chart.yaml');
    if (chart) notes.push({ file: path('Chart.yaml'), line: 1, message: 'a Helm chart: its templates are not imported (render them with `helm template` into a file to import that)' });
    for (const folder of entries.filter((e) => e.kind === 'folder')) {
      if (!enters(dir, folder.name, depth) || (chart && folder.name === 'templates')) continue;
      queue.push({ dir: path(folder.name), depth: depth + 1 });
    }
  }
  return found;
}

function enters(dir: string, name: string, depth: number): boolean {
  if (depth + 1 > maxDepth || skippedFolders.has(name)) return false;
  // Hidden folders hold tools' state; the CI folders are the ones a scaffold reads.
  if (name.startsWith('.')) return (dir === '.' && name === '.github') || (dir === '.github' && name === 'workflows');
  return true;
}

function addYaml(files: readonly string[], path: (name: string) => string, found: RepoFiles, notes: ScaffoldNote[]): void {
  const compose = files.filter((f) => composeName.test(f)).sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  if (compose.length > 0) {
    found.composeFiles.push(path(compose[0]));
    for (const variant of compose.slice(1)) {
      notes.push({ file: path(variant), line: 1, message: `a variant of ${compose[0]} (compose merges it over that file); its services are not imported again` });
    }
  }
  for (const file of files) {
    if (/\.ya?ml$/.test(file) && !composeName.test(file) && !notManifests.has(file) && !/^values[\w.-]*\.ya?ml$/.test(file)) found.yamlFiles.push(path(file));
  }
}

/** A name the scan reads when it is a regular file. */
function wouldRead(dir: string, name: string): boolean {
  if (/\.ya?ml$/.test(name)) return true;
  return dir === '.' && ['package.json', 'Makefile', 'makefile', 'GNUmakefile', 'pyproject.toml', 'Jenkinsfile', '.github'].includes(name);
}

function rank(name: string): number {
  const index = composePreference.indexOf(name);
  return index < 0 ? composePreference.length : index;
}
