import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { checkedWithoutPositions, parseChecked, parseDevopsConfig } from '../../../src/core/config/loader';
import { readPlainYamlValue } from '../../../src/core/yaml/plainYamlValue';
import { largeConfigText } from '../../../bench/config.bench';

// The shortcut read must give exactly the data of the positioned parse, or decline.

const positioned = (text: string): unknown => parseDocument(text, { uniqueKeys: false, merge: true }).toJS({ maxAliasCount: -1 });

// Scalars the two libraries' own schemas read differently (js-yaml alone reads `1_000`,
// `0b1`, timestamps); every one must come out as the yaml library's core schema says.
const scalars = ['1_000', '0b101', '0o17', '0x1F', '017', '+12', '-3', '1.', '.5', '1e3', '-2.5E-2', '.inf', '-.Inf', '+.INF', '.nan', '.NaN', '~', 'null', 'Null', 'NULL', '', 'yes', 'no', 'on', 'off', 'y', 'True', 'TRUE', 'tRUE', 'false', '2024-01-01', '2024-01-01T10:00:00Z', '12:30:00', '1:20', '0.1.2', '0x', '=', '.', '-', "'quoted # not a comment'", '"tab\\there\\u00e9"', '"1"', 'café ☕', '3.14159265358979323846'];

const documents: Record<string, string> = {
  blockScalars: 'run: |\n  npm ci\n  npm test\nkeep: |+\n  kept\n\nfolded: >-\n  one\n  two\n\n  three\nlast: end\n',
  flow: 'ports: [8080, "8081", 0x1F90]\nenv: { LOG_LEVEL: debug, RETRIES: 3, ON: yes }\nnested: [[1, [2]], {a: {b: [true]}}]\n',
  plainMultiline: 'description: a long\n  description that\n  folds\nafter: x\n',
  comments: '# top\nservices: # trailing\n  api: # more\n    url: http://127.0.0.1:8080/?a=1#frag # comment\n',
  crlf: 'version: 1\r\nservices:\r\n  api:\r\n    ports: [8080]\r\n',
  numericKeys: '1: one\n2.50: two\ntrue: yes\n0x10: sixteen\n',
  quotedKeys: '"a b": 1\n\'c\': 2\n"null": 3\n',
  unicode: 'name: "Ünïcødé \\U0001F600"\nplain: ∑ and 中文\n',
  indentedSeq: 'stages:\n- build\n- test:\n    needs: [build]\n',
};

describe('the shortcut read of plain YAML', () => {
  for (const scalar of scalars) {
    it(`reads the scalar ${JSON.stringify(scalar)} as the positioned parse does`, () => {
      const text = `value: ${scalar}\nlist: [${scalar || '""'}]\n`;
      const plain = readPlainYamlValue(text);
      // A lone `-` in a flow list is an error to the positioned parse; nothing else declines.
      if (scalar !== '-') assert.notEqual(plain, undefined, 'a plain scalar should take the shortcut');
      if (plain !== undefined) assert.deepEqual(plain, positioned(text));
    });
  }

  for (const [name, text] of Object.entries(documents)) {
    it(`reads ${name} as the positioned parse does, without declining`, () => {
      const plain = readPlainYamlValue(text);
      assert.notEqual(plain, undefined, 'a plain file should take the shortcut');
      assert.deepEqual(plain, positioned(text));
    });
  }

  const declined: Record<string, string> = {
    anchorsAndMerge: 'base: &base { image: web }\napi:\n  <<: *base\n  port: 1\n',
    alias: 'a: &x [1]\nb: *x\n',
    tag: 'port: !!str 8080\n',
    customTag: 'secret: !vault abc\n',
    directive: '%YAML 1.2\n---\na: 1\n',
    twoDocuments: 'a: 1\n---\nb: 2\n',
    nullKey: '~: x\nnull: y\n',
    emptyKey: ': x\n',
    collectionKey: '{[a, b]: 1}\n',
    duplicateKey: 'a: 1\na: 2\n',
    syntaxError: 'a: [1, 2\nb: 3\n',
    tabIndent: 'a:\n\tb: 1\n',
    proto: '__proto__: { polluted: true }\n',
  };
  for (const [name, text] of Object.entries(declined)) {
    it(`declines ${name}, which only the positioned parse reads`, () => {
      assert.equal(readPlainYamlValue(text), undefined);
    });
  }
});

describe('the devops.yaml check without positions', () => {
  const files: Record<string, string> = {
    demo: readFileSync(join(__dirname, '../../../../demo/devops.yaml'), 'utf8'),
    large: largeConfigText(),
    bom: '\uFEFFversion: 1\nservices:\n  api:\n    ports: [8080]\n',
  };
  for (const [name, text] of Object.entries(files)) {
    it(`gives the ${name} config exactly as the full check does`, () => {
      const quick = checkedWithoutPositions(text, 'devops.yaml');
      assert.ok(quick?.config, 'a file without problems should take the shortcut');
      assert.deepEqual(quick, parseChecked(text, 'devops.yaml'));
    });
  }

  const withProblems: Record<string, string> = {
    schema: 'version: 1\nservices:\n  api:\n    portz: [8080]\n',
    reference: 'version: 1\nservices:\n  api:\n    dependsOn: [db]\n',
    retired: 'version: 1\npipeline:\n  provider: github\n',
    cycle: 'version: 1\nservices:\n  a: { dependsOn: [b] }\n  b: { dependsOn: [a] }\n',
  };
  for (const [name, text] of Object.entries(withProblems)) {
    it(`leaves a ${name} problem to the full check, which says where it is`, () => {
      assert.equal(checkedWithoutPositions(text, 'devops.yaml'), undefined);
      const result = parseDevopsConfig(text, 'devops.yaml');
      assert.ok(result.problems.length > 0);
      assert.ok(result.problems.every((p) => p.line > 1), 'each problem points at its line');
    });
  }
});
