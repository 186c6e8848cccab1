'use strict';
// What the pipeline scripts share: where the demo is, its version and commit, and the
// DEVOPS_DEMO_FAIL switch that makes a chosen stage fail, to show a red pipeline on demand.

const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const DEMO_DIR = path.resolve(__dirname, '..', '..');

function version() {
  if (process.env.DEVOPS_VERSION) return process.env.DEVOPS_VERSION;
  return JSON.parse(fs.readFileSync(path.join(DEMO_DIR, 'package.json'), 'utf8')).version;
}

function commit() {
  if (process.env.DEVOPS_COMMIT) return process.env.DEVOPS_COMMIT;
  const git = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: DEMO_DIR, encoding: 'utf8', timeout: 5000 });
  return git.status === 0 ? git.stdout.trim() : 'unknown';
}

function failRequested(stage) {
  return (process.env.DEVOPS_DEMO_FAIL ?? '').split(',').map((s) => s.trim()).includes(stage);
}

// Every .js file of the demo's own code, relative to the demo folder, in a stable order.
function sourceFiles() {
  const files = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(path.join(DEMO_DIR, dir), { withFileTypes: true })) {
      const rel = path.posix.join(dir, entry.name);
      if (entry.isDirectory()) walk(rel);
      else if (entry.name.endsWith('.js')) files.push(rel);
    }
  };
  for (const dir of ['services', 'scripts', 'tests']) walk(dir);
  return files.sort();
}

module.exports = { DEMO_DIR, version, commit, failRequested, sourceFiles };
