'use strict';
// build: checks every source file parses, then writes a build manifest (version, commit,
// file hashes) to .devops/build/manifest.json, which deploy.js ships.

const fs = require('node:fs');
const path = require('node:path');
const { createHash } = require('node:crypto');
const vm = require('node:vm');
const { DEMO_DIR, version, commit, failRequested, sourceFiles } = require('./lib/stage');

const started = Date.now();
const files = sourceFiles();
console.log(`build: checking ${files.length} files`);
let broken = 0;
for (const file of files) {
  // Compiling inside the CommonJS wrapper finds syntax errors without running the file.
  const source = fs.readFileSync(path.join(DEMO_DIR, file), 'utf8');
  try {
    new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: file });
  } catch (error) {
    broken += 1;
    console.error(`${error.stack.split('\n')[0]}: error: ${error.name}: ${error.message}`);
  }
}
if (broken > 0) {
  console.error(`build: ${broken} file(s) do not parse`);
  process.exit(1);
}
if (failRequested('build')) {
  console.error('build: failing on request (DEVOPS_DEMO_FAIL=build)');
  process.exit(1);
}

const manifest = {
  name: 'demo-shop',
  version: version(),
  commit: commit(),
  builtAt: new Date().toISOString(),
  files: files.map((file) => {
    const bytes = fs.readFileSync(path.join(DEMO_DIR, file));
    return { file, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
  }),
};
const out = path.join(DEMO_DIR, '.devops', 'build', 'manifest.json');
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, `${JSON.stringify(manifest, null, 2)}\n`);
console.log(`build: ${manifest.name} ${manifest.version} (${manifest.commit}) -> ${path.relative(DEMO_DIR, out)} in ${Date.now() - started}ms`);
