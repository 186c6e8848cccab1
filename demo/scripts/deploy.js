'use strict';
// deploy <environment>: a pretend deploy that behaves like a real one: progress lines over
// a couple of seconds, then a record in .devops/deployed-<env>.json and a line in
// logs/deploy.log. Stopped half way (SIGTERM), it writes no record.
// DEVOPS_VERSION and DEVOPS_COMMIT (set by DevOps Loop) win over package.json and git.

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { setTimeout: sleep } = require('node:timers/promises');
const { DEMO_DIR, version, commit, failRequested } = require('./lib/stage');
const { urlOf } = require('../services/lib/ports');

const ENVIRONMENTS = ['staging', 'production'];
const STEP_MS = Number(process.env.DEVOPS_DEMO_STEP_MS ?? 400);

async function smokeCheck() {
  try {
    const response = await fetch(`${urlOf('web')}/healthz`, { signal: AbortSignal.timeout(2000) });
    return response.ok ? 'web answers /healthz' : `web answered ${response.status}`;
  } catch {
    return 'web is not running here; smoke check skipped';
  }
}

async function main() {
  const environment = process.argv[2];
  if (!ENVIRONMENTS.includes(environment)) {
    console.error(`usage: node scripts/deploy.js <${ENVIRONMENTS.join('|')}>`);
    process.exit(2);
  }
  process.once('SIGTERM', () => {
    console.log(`deploy: cancelled, ${environment} keeps its previous version`);
    process.exit(143);
  });
  const started = Date.now();
  const record = { environment, version: version(), commit: commit(), deployedAt: '', by: process.env.USER ?? os.userInfo().username, durationMs: 0 };
  const manifestFile = path.join(DEMO_DIR, '.devops', 'build', 'manifest.json');
  const files = fs.existsSync(manifestFile) ? JSON.parse(fs.readFileSync(manifestFile, 'utf8')).files.length : 0;

  console.log(`deploy: ${record.version} (${record.commit}) -> ${environment}`);
  console.log(files > 0 ? `deploy: packaging ${files} files from the build` : 'deploy: no build found (run the build stage); packaging sources');
  for (const percent of [25, 50, 75, 100]) {
    await sleep(STEP_MS);
    console.log(`deploy: uploading ${percent}%`);
  }
  await sleep(STEP_MS);
  console.log(`deploy: switching ${environment} traffic to ${record.version}`);
  if (failRequested('deploy') || failRequested(`deploy-${environment}`)) {
    console.error(`deploy: ${environment} rejected the new version (DEVOPS_DEMO_FAIL); rolled back`);
    process.exit(1);
  }
  console.log(`deploy: smoke check: ${await smokeCheck()}`);

  record.deployedAt = new Date().toISOString();
  record.durationMs = Date.now() - started;
  const out = path.join(DEMO_DIR, '.devops', `deployed-${environment}.json`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(`${out}.tmp`, `${JSON.stringify(record, null, 2)}\n`);
  fs.renameSync(`${out}.tmp`, out); // whole record or none, even if stopped mid-write
  fs.mkdirSync(path.join(DEMO_DIR, 'logs'), { recursive: true });
  const logLine = `${record.deployedAt} INFO  [deploy] ${environment} ${record.version} ${record.commit} by ${record.by}\n`;
  fs.appendFileSync(path.join(DEMO_DIR, 'logs', 'deploy.log'), logLine);
  console.log(`deploy: ${environment} is on ${record.version} (${(record.durationMs / 1000).toFixed(1)}s)`);
}

main().catch((error) => {
  console.error(`deploy: ${error.message}`);
  process.exitCode = 1;
});
