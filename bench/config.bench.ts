import { parseDevopsConfig } from '../src/core/config/loader';

// check.largeConfigMs: parse, validate and cross-check a config of 500 services and
// 200 stages, the median of several runs after one warm-up. A file without problems is
// read without positions (loader.ts); check.largeConfigOneProblemMs is the same file with
// one misspelt key, which takes the full parse that says where the problem is.
// check.badInputWorstMs: the slowest answer over the bad inputs issue 2 names (each
// must answer within a second).

const services = 500;
const stages = 200;
const runs = 7;

export function largeConfigText(): string {
  const lines = ['version: 1', 'name: large', 'services:'];
  for (let i = 0; i < services; i++) {
    const deps = [i - 1, i - 7, i - 31].filter((d) => d >= 0).map((d) => `svc-${d}`);
    lines.push(`  svc-${i}:`, `    description: service number ${i}`, `    ports: [${10000 + i}]`, `    dependsOn: [${deps.join(', ')}]`);
    lines.push('    health:', `      http: http://127.0.0.1:${10000 + i}/healthz`, '      interval: 10s');
    lines.push('    logs:', `      - file: logs/svc-${i}.log`);
  }
  lines.push('pipeline:', '  parallel: 4', '  stages:');
  for (let i = 0; i < stages; i++) {
    const needs = [i - 1, i - 3].filter((d) => d >= 0).map((d) => `stage-${d}`);
    const deploy = i % 50 === 49;
    lines.push(`    stage-${i}:`, `      run: echo stage ${i}`, `      needs: [${needs.join(', ')}]`);
    if (deploy) lines.push('      kind: deploy', '      environment: staging');
  }
  lines.push('environments:', '  staging:', '    deploy: ./deploy.sh staging');
  return `${lines.join('\n')}\n`;
}

export async function benchConfig(): Promise<Record<string, number>> {
  const text = largeConfigText();
  const oneProblem = text.replace('    description: service number 250\n', '    descripton: service number 250\n');
  return {
    'check.largeConfigMs': await medianCheckMs(text, 0),
    'check.largeConfigOneProblemMs': await medianCheckMs(oneProblem, 1),
  };
}

async function medianCheckMs(text: string, expectedProblems: number): Promise<number> {
  const check = (): number => {
    const started = performance.now();
    const result = parseDevopsConfig(text, 'devops.yaml');
    const elapsed = performance.now() - started;
    if (result.problems.length !== expectedProblems) throw new Error(`the generated config should have ${expectedProblems} problems: ${result.problems[0]?.message ?? 'none'}`);
    return elapsed;
  };
  check();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    times.push(check());
    // Let other work run between samples, as the editor would.
    await new Promise((resolve) => setImmediate(resolve));
  }
  times.sort((a, b) => a - b);
  return Math.round(times[Math.floor(times.length / 2)] * 10) / 10;
}

function badInputs(): Record<string, string> {
  const aliasBomb = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    .concat('bcdefghi'.split('').map((name, i) => `${name}: &${name} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(',')}]`))
    .join('\n');
  return {
    empty: '',
    notYaml: '# Title\n\n**Bold**: text\n- [x] done\n',
    binary: `version: 1\n${'\u0000\u0001\u00ff'.repeat(1000)}`,
    aliasBomb,
    tenMegabytes: `version: 1\nservices:\n${'  # padding padding padding padding padding padding padding\n'.repeat(170_000)}`,
    deepNesting: `version: 1\nx: ${'['.repeat(200_000)}`,
    duplicateKeys: `version: 1\nservices:\n${Array.from({ length: 2000 }, (_, i) => `  s${i % 1000}: {}`).join('\n')}\n`,
    crlfBom: '\uFEFFversion: 1\r\nservices:\r\n  api:\r\n    portz: [8080]\r\n',
    tabs: 'version: 1\nservices:\n\tapi: {}\n',
  };
}

export function benchConfigBadInput(): Promise<Record<string, number>> {
  let worst = 0;
  let worstName = '';
  for (const [name, text] of Object.entries(badInputs())) {
    const started = performance.now();
    parseDevopsConfig(text, 'devops.yaml');
    const elapsed = performance.now() - started;
    if (elapsed > worst) [worst, worstName] = [elapsed, name];
  }
  process.stderr.write(`bench: slowest bad input: ${worstName}\n`);
  return Promise.resolve({ 'check.badInputWorstMs': Math.round(worst * 10) / 10 });
}
