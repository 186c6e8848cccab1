import * as assert from 'node:assert/strict';
import { maxSprintFileBytes, parseSprintFile } from '../../../src/core/plan/sprintParser';

const statuses = ['todo', 'in-progress', 'review', 'done', 'blocked'];

function sprintWith(count: number, titlePadding = ''): string {
  const lines = ['sprint:', '  name: Big', '  start: 2026-11-23', '  end: 2026-12-04', 'items:'];
  for (let i = 1; i <= count; i++) {
    lines.push(`  - id: DL-${i}`, `    title: Item ${i} ${titlePadding}`, `    status: ${statuses[i % statuses.length]}`, '    assignee: alice', '    labels: [api, bug]', '    points: 3');
  }
  return lines.join('\n') + '\n';
}

describe('sprint file size', function () {
  // Parsing 5,000 items is slow on a loaded machine; speed is npm run bench's business.
  this.timeout(120_000);

  it('loads a 5,000-item sprint of realistic size, which is larger than the devops.yaml limit', () => {
    const text = sprintWith(5000, 'make the checkout page remember the cart');
    assert.ok(Buffer.byteLength(text) > 256 * 1024, 'the fixture must exceed the devops.yaml limit');
    const result = parseSprintFile(text, 'sprint.yaml', statuses);
    assert.deepEqual(result.problems, []);
    assert.equal(result.sprint?.items.length, 5000);
  });

  it('refuses a 10 MB sprint file with one positioned reason naming the limit', () => {
    const text = sprintWith(1000, 'x'.repeat(10_000));
    assert.ok(Buffer.byteLength(text) > maxSprintFileBytes);
    const result = parseSprintFile(text, 'sprint.yaml', statuses);
    assert.equal(result.sprint, undefined);
    assert.equal(result.problems.length, 1);
    assert.equal(result.problems[0].code, 'too-large');
    assert.equal(result.problems[0].line, 1);
    assert.match(result.problems[0].message, /2\.0 MB limit/);
  });
});
