import { parseDevopsConfig } from '../src/core/config/loader';

// check.largeConfigMs: parse, validate and cross-check a config of 500 services and
// 200 stages, the median of several runs after one warm-up.

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
  const check = (): number => {
    const started = performance.now();
    const result = parseDevopsConfig(text, 'devops.yaml');
    const elapsed = performance.now() - started;
    if (!result.config) throw new Error(`the generated config should be valid: ${result.problems[0]?.message ?? ''}`);
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
  return { 'check.largeConfigMs': Math.round(times[Math.floor(times.length / 2)] * 10) / 10 };
}
