import type { StageConfig } from '../../core/config/schema';
import { shellWord } from '../../core/shellWord';

// Named scripts (package.json scripts, Makefile targets) → pipeline stages, in the order CI
// runs them: checks and build first, tests after the build, packaging after tests,
// release, then deploys.

/** A stage as written into the starter file: only the keys a person would write. */
export type StarterStage = Partial<Pick<StageConfig, 'kind' | 'run' | 'needs' | 'environment' | 'reports'>>;

export interface StarterPipeline {
  stages: Record<string, StarterStage>;
  /** Environments the deploy scripts target, in first-seen order. */
  environments: string[];
}

type Category = 'check' | 'build' | 'test' | 'package' | 'release' | 'deploy';

const categories: readonly [Category, RegExp][] = [
  ['check', /^(lint|typecheck|type-check|check-types|tsc|format:check|prettier:check)(:.+)?$/],
  ['build', /^(build|compile|bundle)(:.+)?$/],
  ['test', /^(test|tests|unit|integration|e2e)(:.+)?$/],
  ['package', /^(package|pack|dist)(:.+)?$/],
  ['release', /^release(:.+)?$/],
  ['deploy', /^deploy(:.+)?$/],
];

// What `npm init` writes for "test"; a stage running it would always fail.
const placeholderTest = /no test specified/;

/** How a script runs (`npm run x`, `yarn x`, `make x`); its name comes from the repository, so it is one quoted word. */
export function runCommand(packageManager: string, script: string): string {
  if (packageManager === 'yarn' || packageManager === 'make') return `${packageManager} ${shellWord(script)}`;
  return `${packageManager} run ${shellWord(script)}`;
}

export function stagesFromScripts(scripts: Record<string, string>, packageManager: string): StarterPipeline {
  const byCategory = new Map<Category, string[]>();
  for (const [script, command] of Object.entries(scripts)) {
    const category = categories.find(([, pattern]) => pattern.test(script))?.[0];
    if (!category || (category === 'test' && placeholderTest.test(command))) continue;
    byCategory.set(category, [...(byCategory.get(category) ?? []), script]);
  }
  const stages: Record<string, StarterStage> = {};
  const environments: string[] = [];
  const namesOf = (category: Category): string[] => (byCategory.get(category) ?? []).map(stageName);
  const main = (category: Category): string[] => namesOf(category).slice(0, 1);
  // Every check and test gates what ships; a build or package gates through its main stage.
  const verified = [...namesOf('check'), ...namesOf('test')];
  const firstOf = (...options: string[][]): string[] => options.find((o) => o.length > 0) ?? [];
  const needsFor: Record<Category, string[]> = {
    check: [],
    build: [],
    test: main('build'),
    package: firstOf(verified, main('build')),
    release: firstOf(main('package'), verified, main('build')),
    deploy: firstOf(main('release'), main('package'), verified, main('build')),
  };
  for (const [category] of categories) {
    for (const script of byCategory.get(category) ?? []) {
      const stage: StarterStage = {};
      if (category === 'release') stage.kind = 'release';
      if (category === 'deploy') {
        stage.kind = 'deploy';
        stage.environment = stageName(script.split(':')[1] ?? 'production');
        if (!environments.includes(stage.environment)) environments.push(stage.environment);
      }
      stage.run = runCommand(packageManager, script);
      const needs = needsFor[category].filter((n) => n !== stageName(script));
      if (needs.length > 0) stage.needs = needs;
      stages[stageName(script)] = stage;
    }
  }
  chainDeploys(stages, environments);
  return { stages, environments };
}

/** Production waits for the staging deploy, as a promotion pipeline does. */
function chainDeploys(stages: Record<string, StarterStage>, environments: readonly string[]): void {
  const deployTo = (env: string): string | undefined => Object.keys(stages).find((n) => stages[n].kind === 'deploy' && stages[n].environment === env);
  const staging = deployTo('staging');
  const production = deployTo('production');
  if (staging && production && environments.includes('staging')) {
    stages[production].needs = [...new Set([...(stages[production].needs ?? []), staging])];
  }
}

/** `test:unit` → `test-unit`: stage names allow letters, digits, ".", "_" and "-". */
export function stageName(script: string): string {
  const cleaned = script.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '');
  return cleaned.length > 0 ? cleaned : 'stage';
}
