import * as assert from 'node:assert/strict';
import { findCycles } from '../../../src/core/config/dependencyGraph';
import { closestMatch, editDistance } from '../../../src/core/yaml/didYouMean';
import { findExcessiveNesting } from '../../../src/core/yaml/nestingGuard';

describe('did you mean', () => {
  it('measures edits, counting a swap as one', () => {
    assert.equal(editDistance('services', 'services'), 0);
    assert.equal(editDistance('servcies', 'services'), 1);
    assert.equal(editDistance('servics', 'services'), 1);
    assert.equal(editDistance('abc', 'xyz'), 3);
  });

  it('suggests close names only', () => {
    assert.equal(closestMatch('servics', ['version', 'services', 'pipeline']), 'services');
    assert.equal(closestMatch('Pipeline', ['version', 'services', 'pipeline']), 'pipeline');
    assert.equal(closestMatch('db', ['ui', 'api']), undefined);
    assert.equal(closestMatch('zzzzzz', ['version', 'services']), undefined);
  });
});

describe('findCycles', () => {
  it('finds each cycle once, from its first node in file order', () => {
    const edges = new Map<string, string[]>([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
      ['d', ['a', 'e']],
      ['e', ['d']],
      ['f', []],
    ]);
    assert.deepEqual(findCycles(edges), [['a', 'b', 'c', 'a'], ['d', 'e', 'd']]);
  });

  it('finds none in a DAG and survives a 20000-long chain', () => {
    assert.deepEqual(findCycles(new Map([['a', ['b']], ['b', []]])), []);
    const chain = new Map(Array.from({ length: 20_000 }, (_, i) => [`s${i}`, i + 1 < 20_000 ? [`s${i + 1}`] : ['s0']]));
    const cycles = findCycles(chain);
    assert.equal(cycles.length, 1);
    assert.equal(cycles[0].length, 20_001);
  });
});

describe('nesting guard', () => {
  it('accepts ordinary YAML, block scalars and brackets inside strings', () => {
    const text = 'a:\n  b:\n    - c: "[[[[[["\n      d: |\n' + Array.from({ length: 200 }, (_, i) => `${' '.repeat(8 + i)}x`).join('\n') + '\n  e: [1, {f: [2]}]\n  g: echo [x\n';
    assert.equal(findExcessiveNesting(text, 10), undefined);
  });

  it('finds deep flow, dash and indentation nesting', () => {
    assert.equal(findExcessiveNesting('x: ' + '['.repeat(20), 10), 3 + 9);
    assert.notEqual(findExcessiveNesting('- '.repeat(20) + 'a', 10), undefined);
    assert.notEqual(findExcessiveNesting(Array.from({ length: 20 }, (_, i) => `${' '.repeat(i)}k:`).join('\n'), 10), undefined);
  });
});
