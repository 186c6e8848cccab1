import * as assert from 'node:assert/strict';
import { parseDocument } from 'yaml';
import { findDuplicateKeys } from '../../../src/core/yaml/duplicateKeys';

const keysIn = (text: string): string[] =>
  findDuplicateKeys(parseDocument(text, { uniqueKeys: false, merge: true })).map(({ range, key }) => `${key}@${text.slice(range[0], range[1])}:${range[0]}`);

describe('findDuplicateKeys', () => {
  it('finds a repeated key at every depth: top level, nested mappings, mappings in lists and flow lists', () => {
    const text = [
      'version: 1',
      'services:',
      '  api:',
      '    ports: [8080]',
      '    logs:',
      '      - file: a.log',
      '        file: b.log',
      '    ports: [9090]',
      '  web: {image: x, image: y}',
      'pipeline:',
      '  stages: [{needs: a, needs: b}, "needs": c]',
      'version: 2',
      '',
    ].join('\n');
    assert.deepEqual(keysIn(text), [
      `version@version:${text.lastIndexOf('version')}`,
      `ports@ports:${text.lastIndexOf('ports')}`,
      `file@file:${text.lastIndexOf('file')}`,
      `image@image:${text.lastIndexOf('image')}`,
      `needs@needs:${text.indexOf('needs: b')}`,
    ]);
  });

  it('lets merge keys repeat and tells keys apart by their value, not their spelling', () => {
    const text = ['base: &b {a: 1}', 'more: &m {c: 1}', 'svc:', '  <<: *b', '  <<: *m', '  "1": one', '  1: two', ''].join('\n');
    assert.deepEqual(keysIn(text), [`1@1:${text.lastIndexOf('1: two')}`]);
  });
});
