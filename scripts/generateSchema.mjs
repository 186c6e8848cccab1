// Writes schemas/devops.schema.json from devopsJsonSchema() in src/core/config/schema.ts.
// The TypeScript is bundled in memory by esbuild, so this needs no prior build.
// `node scripts/generateSchema.mjs --check` exits 1 when the checked-in file is stale.
import * as esbuild from 'esbuild';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const target = join(root, 'schemas', 'devops.schema.json');

const bundle = await esbuild.build({
  entryPoints: [join(root, 'src/core/config/schema.ts')],
  bundle: true,
  write: false,
  format: 'esm',
  platform: 'node',
  logLevel: 'warning',
});
const moduleUrl = `data:text/javascript;base64,${Buffer.from(bundle.outputFiles[0].text).toString('base64')}`;
const { devopsJsonSchema } = await import(moduleUrl);
// The same text the unit test expects: two-space JSON and a final newline.
const text = `${JSON.stringify(devopsJsonSchema(), null, 2)}\n`;

if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(target, 'utf8');
  } catch {
    // missing counts as stale
  }
  if (current !== text) {
    process.stderr.write('schemas/devops.schema.json is stale: run `npm run schema`\n');
    process.exit(1);
  }
} else {
  writeFileSync(target, text);
  process.stdout.write(`wrote ${target}\n`);
}
