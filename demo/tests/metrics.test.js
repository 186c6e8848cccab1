'use strict';
const assert = require('node:assert/strict');
const { Registry } = require('../services/lib/metrics');

exports.tests = {
  'a counter renders HELP, TYPE and one line per label set'() {
    const registry = new Registry();
    const counter = registry.counter('demo_things_total', 'Things.');
    counter.inc({ route: '/a' });
    counter.inc({ route: '/a' }, 2);
    counter.inc({ route: '/b' });
    const expected = [
      '# HELP demo_things_total Things.',
      '# TYPE demo_things_total counter',
      'demo_things_total{route="/a"} 3',
      'demo_things_total{route="/b"} 1',
    ];
    assert.equal(registry.render(), `${expected.join('\n')}\n`);
  },
  'label values are escaped'() {
    const registry = new Registry();
    registry.counter('demo_odd_total', 'Odd.').inc({ path: 'say "hi"\\now' });
    assert.match(registry.render(), /demo_odd_total\{path="say \\"hi\\"\\\\now"\} 1/);
  },
  'histogram buckets are cumulative and +Inf equals the count'() {
    const registry = new Registry();
    const histogram = registry.histogram('demo_seconds', 'Seconds.', [0.1, 1]);
    for (const value of [0.05, 0.5, 0.7, 3]) histogram.observe({}, value);
    const text = registry.render();
    assert.match(text, /demo_seconds_bucket\{le="0.1"\} 1\n/);
    assert.match(text, /demo_seconds_bucket\{le="1"\} 3\n/);
    assert.match(text, /demo_seconds_bucket\{le="\+Inf"\} 4\n/);
    assert.match(text, /demo_seconds_count 4\n/);
  },
};
