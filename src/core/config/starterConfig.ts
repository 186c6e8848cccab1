import { Document, isScalar, visit } from 'yaml';
import { servicesFromCompose } from './starterCompose';
import type { StarterService } from './starterCompose';
import { stagesFromScripts } from './starterScripts';
import type { StarterPipeline } from './starterScripts';
import { parseYaml } from '../yaml/yamlSource';

// "Create devops.yaml": a first file written from what the repository already has,
// so a team starts from its own scripts and services instead of an empty page.

/** Read-only view of a repository, relative to its root ('.' is the root). */
export interface StarterRepo {
  /** Text of a file, or undefined when it does not exist. */
  readText(relPath: string): Promise<string | undefined>;
  /** Names (not paths) of the entries of a folder; empty when it does not exist. */
  list(relDir: string): Promise<string[]>;
}

const composeFiles = ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'];
type PipelineProvider = 'local' | 'github' | 'gitlab' | 'jenkins';
const ciFiles: Record<PipelineProvider, string | undefined> = { local: undefined, github: '.github/workflows', gitlab: '.gitlab-ci.yml', jenkins: 'Jenkinsfile' };

export async function generateStarterConfig(repo: StarterRepo): Promise<string> {
  const root = await repo.list('.');
  const pkg = await readPackageJson(repo);
  const packageManager = root.includes('pnpm-lock.yaml') ? 'pnpm' : root.includes('yarn.lock') ? 'yarn' : 'npm';
  const pipeline: StarterPipeline = pkg ? stagesFromScripts(pkg.scripts, packageManager) : { stages: {}, environments: [] };
  const composeFile = composeFiles.find((f) => root.includes(f));
  const services = composeFile ? await readCompose(repo, composeFile) : {};
  const provider = await detectProvider(repo, root);

  const config: Record<string, unknown> = { version: 1 };
  if (pkg?.name) config.name = pkg.name;
  if (Object.keys(services).length > 0) config.services = services;
  if (Object.keys(pipeline.stages).length > 0 || provider !== 'local') {
    config.pipeline = provider === 'local' ? { stages: pipeline.stages } : { provider, stages: pipeline.stages };
  }
  if (pipeline.environments.length > 0) {
    config.environments = Object.fromEntries(pipeline.environments.map((env) => [env, env === 'production' ? { protected: true } : {}]));
  }
  const doc = new Document(config);
  doc.commentBefore = [
    ' devops.yaml: the DevOps loop of this repository, read by the DevOps Loop extension',
    ' and by `devops-loop check`. Written from ' + describeSources(pkg !== undefined, composeFile, provider) + '; edit freely.',
  ].join('\n');
  doc.comment = [
    ' More you can add:',
    ' plan:',
    '   provider: file        # or github, gitlab, jira',
    '   file: sprint.yaml',
    ' monitor:',
    '   charts:',
    '     - { title: CPU, metric: cpu }',
  ].join('\n');
  // `needs: [build, test]` reads like CI files do; one item per line is noise for short names.
  visit(doc, {
    Seq(_key, seq) {
      if (seq.items.every((item) => isScalar(item))) seq.flow = true;
    },
  });
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}

interface PackageJson {
  name: string | undefined;
  scripts: Record<string, string>;
}

async function readPackageJson(repo: StarterRepo): Promise<PackageJson | undefined> {
  const text = await repo.readText('package.json');
  if (text === undefined) return undefined;
  try {
    const data: unknown = JSON.parse(text);
    if (typeof data !== 'object' || data === null) return undefined;
    const { name, scripts } = data as { name?: unknown; scripts?: unknown };
    const scriptEntries = typeof scripts === 'object' && scripts !== null ? Object.entries(scripts).filter((e): e is [string, string] => typeof e[1] === 'string') : [];
    return { name: typeof name === 'string' ? name : undefined, scripts: Object.fromEntries(scriptEntries) };
  } catch {
    // A broken package.json is the user's to fix; the starter simply has no stages from it.
    return undefined;
  }
}

async function readCompose(repo: StarterRepo, file: string): Promise<Record<string, StarterService>> {
  const text = await repo.readText(file);
  if (text === undefined) return {};
  // The same guards as devops.yaml: a compose file can be huge or hold an alias bomb too.
  const { value } = parseYaml(text, file, { what: file, expected: 'a `services:` mapping' });
  return servicesFromCompose(value, file);
}

async function detectProvider(repo: StarterRepo, root: readonly string[]): Promise<PipelineProvider> {
  if (root.includes('.github')) {
    const workflows = await repo.list('.github/workflows');
    if (workflows.some((f) => f.endsWith('.yml') || f.endsWith('.yaml'))) return 'github';
  }
  if (root.includes('.gitlab-ci.yml')) return 'gitlab';
  if (root.includes('Jenkinsfile')) return 'jenkins';
  return 'local';
}

function describeSources(hasPackage: boolean, composeFile: string | undefined, provider: PipelineProvider): string {
  const sources = [hasPackage ? 'package.json' : undefined, composeFile, ciFiles[provider]].filter((s) => s !== undefined);
  return sources.length > 0 ? sources.join(', ') : 'an empty template';
}
