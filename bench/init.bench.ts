import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { runCli } from '../src/cli/runCli';

// init.scanMs: `devops-loop init --print` on a generated repository of 2,000 files with 50
// compose services, 100 Kubernetes manifests and 3 CI files, the median of several runs
// after one warm-up (target: under 1 s).

const runs = 5;
const composeServices = 50;
const manifests = 100;
const totalFiles = 2000;

function write(root: string, path: string, text: string): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
}

export function generateRepository(root: string): number {
  let files = 0;
  const add = (path: string, text: string): void => {
    write(root, path, text);
    files++;
  };
  add('package.json', JSON.stringify({ name: 'large', scripts: { lint: 'eslint .', build: 'tsc -b', test: 'vitest run', 'deploy:staging': './deploy.sh staging' } }, null, 2));
  add('.git/config', '[core]\n\tbare = false\n[remote "origin"]\n\turl = git@github.com:acme/large.git\n\tfetch = +refs/heads/*:refs/remotes/origin/*\n');
  add('.github/workflows/ci.yml', 'name: CI\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm test\n');
  add('.github/workflows/release.yml', 'name: Release\non:\n  push:\n    tags: ["v*"]\njobs:\n  release:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm run release\n');
  add('Jenkinsfile', "pipeline { agent any; stages { stage('Test') { steps { sh 'npm test' } } } }\n");
  const compose = ['x-defaults: &defaults', '  restart: unless-stopped', '  logging: { driver: json-file, options: { max-size: 10m } }', 'services:'];
  for (let i = 0; i < composeServices; i++) {
    compose.push(`  svc-${i}:`, '    <<: *defaults', `    image: acme/svc-${i}:1.0`, `    ports: ["\${SVC_${i}_PORT:-${10000 + i}}:8080"]`);
    compose.push('    healthcheck:', '      test: ["CMD", "curl", "-f", "localhost:8080/health"]', '      interval: 15s');
    if (i > 0) compose.push(`    depends_on: [svc-${i - 1}]`);
  }
  add('docker-compose.yml', `${compose.join('\n')}\n`);
  for (let i = 0; i < manifests; i++) {
    add(
      `deploy/k8s/app-${i}.yaml`,
      `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app-${i}\n  namespace: prod\nspec:\n  replicas: 2\n  selector:\n    matchLabels: { app: app-${i} }\n  template:\n    metadata:\n      labels: { app: app-${i} }\n    spec:\n      containers:\n        - name: app\n          image: acme/app-${i}:1.0\n          ports: [{ containerPort: 8080 }]\n          env:\n            - { name: NEXT, value: "http://app-${i + 1}:8080" }\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: app-${i}\n  namespace: prod\nspec:\n  selector: { app: app-${i} }\n  ports: [{ port: 8080 }]\n`,
    );
  }
  for (let i = 0; files < totalFiles; i++) add(`src/module-${i % 40}/file-${i}.ts`, `export const value${i} = ${i};\n`);
  return files;
}

export async function benchInit(): Promise<Record<string, number>> {
  const root = mkdtempSync(join(tmpdir(), 'devops-bench-init-'));
  try {
    generateRepository(root);
    let printed = '';
    const scan = async (): Promise<number> => {
      printed = '';
      const started = performance.now();
      const code = await runCli(['init', root, '--print'], { out: (text) => (printed += text), err: () => undefined });
      const elapsed = performance.now() - started;
      if (code !== 0 || !printed.includes('svc-49:') || !printed.includes('app-99:')) throw new Error(`init --print should print every service (exit ${code})`);
      return elapsed;
    };
    await scan();
    const times: number[] = [];
    for (let i = 0; i < runs; i++) times.push(await scan());
    times.sort((a, b) => a - b);
    return { 'init.scanMs': Math.round(times[Math.floor(times.length / 2)]) };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
