import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { largeConfigText } from '../../../bench/config.bench';
import { parseDevopsConfig } from '../../../src/core/config/loader';
import { quickYamlMapping } from '../../../src/core/yaml/quickYaml';

const root = join(__dirname, '..', '..', '..', '..');

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => /\.ya?ml$/.test(f)).map((f) => join(dir, f));
}

// Written the way people write devops.yaml: comments everywhere, a list under its key
// without indenting, quoted and bare values, flow lists, numbers, booleans and nulls.
const handWritten = `# DevOps Loop config for the shop
version: 1
name: shop   # shown in the status bar
services:
  api:
    description: "Orders API: the one that takes payments"
    ports: [8080, 9090]   # http and metrics
    dependsOn: [db, cache]
    url: http://127.0.0.1:8080/#/health
    health:
      http: http://127.0.0.1:8080/healthz
      interval: 10s
      timeout: 2.5
    logs:
    - file: logs/api.log
    - command: docker compose logs -f api
      level: warn
  db:
    ports: [5432]
    enabled: true
    replicas: -1
    note: ~
    empty:
    tags: []
    owner: 'ops team'
pipeline:
  stages:
    build:
      run: npm run build
      needs: []
    test:
      run: npm test -- --grep "fast"
      needs:
        - build
      retry: false
      verbose: True
      quiet: FALSE
      skip: NULL
      weight: +3
      ratio: .5
      big: 1e3
`;

const quick: Record<string, string> = {
  handWritten,
  listItemsWithMaps: 'jobs:\n  - name: a\n    run: echo a\n  -   name: b\n      run: echo b\nafter: 1\n',
  listAtKeyIndentThenKey: 'a:\n- 1\n- two\nb: x\n',
  colonsInValues: 'url: http://x:80/a\ntime: 12:30\nkey with spaces: value with spaces\n',
};

const leftToTheParser: Record<string, string> = {
  anchorAndAlias: 'base: &b\n  x: 1\nother: *b\n',
  tag: 'value: !!str 12\n',
  literalBlock: 'run: |\n  echo a\n  echo b\n',
  foldedBlock: 'run: >-\n  one\n  two\n',
  multiLinePlain: 'title: one\n  two\n',
  duplicateKey: 'a: 1\na: 2\n',
  flowMap: 'health: {http: x}\n',
  escapes: 'text: "tab\\there"\n',
  doubledQuote: "text: 'it''s'\n",
  tabs: 'a:\n\tb: 1\n',
  crlf: 'a: 1\r\nb: 2\r\n',
  documentMarker: '---\na: 1\n',
  numberKey: '8080: api\n',
  mergeKey: 'a:\n  x: 1\nb:\n  <<: x\n',
  quotedFlowItems: 'command: ["npm", "start"]\n',
  nestedCompactMapping: 'run: echo a: b\n',
  multiLineFlow: 'ports: [1,\n  2]\n',
  hexNumber: 'mode: 0x1F\n',
  infinity: 'limit: .inf\n',
  protoKey: '__proto__: {}\n',
  topLevelList: '- a\n- b\n',
  indentedTop: '  a: 1\n',
  unevenIndent: 'a:\n    b: 1\n  c: 2\n',
};

describe('quick YAML reader', () => {
  it('reads hand-written configuration as the YAML parser does', () => {
    for (const [name, text] of Object.entries(quick)) {
      const value = quickYamlMapping(text);
      assert.ok(value, `${name} is read quickly`);
      assert.deepEqual(value, parse(text), name);
    }
  });

  it('reads the demo and the 500-service config quickly, and every fixture it reads as the parser does', () => {
    for (const text of [readFileSync(join(root, 'demo', 'devops.yaml'), 'utf8'), largeConfigText()]) assert.deepEqual(quickYamlMapping(text), parse(text));
    for (const file of [...yamlFiles(join(root, 'test', 'fixtures')), ...yamlFiles(join(root, 'demo'))]) {
      const text = readFileSync(file, 'utf8');
      const value = quickYamlMapping(text);
      if (value !== undefined) assert.deepEqual(value, parse(text), file);
    }
  });

  it('leaves everything outside its shape to the parser', () => {
    for (const [name, text] of Object.entries(leftToTheParser)) assert.equal(quickYamlMapping(text), undefined, name);
  });

  it('still places a problem of a quickly read file at its line', () => {
    const text = 'version: 1\nservices:\n  api:\n    dependsOn: [db]\n';
    assert.ok(quickYamlMapping(text));
    const { config, problems } = parseDevopsConfig(text, 'devops.yaml');
    assert.equal(config, undefined);
    const unknown = problems.find((p) => p.severity === 'error');
    assert.ok(unknown, JSON.stringify(problems));
    assert.equal(unknown.line, 4, JSON.stringify(unknown));
  });
});
