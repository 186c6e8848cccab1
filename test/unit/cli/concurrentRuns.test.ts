import * as assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { RunHistory } from '../../../src/core/pipeline/runHistory';
import { cliSuite } from './cliBundle';

// Several `devops-loop run` processes in one workspace at once (CI matrix jobs on one
// runner, a developer and the editor): every finished run lands in .devops/history.json.

describe('concurrent runs (built CLI)', function () {
  this.timeout(120_000);
  const cli = cliSuite('devops-concurrent-');

  it('eight CLIs started at once all land in the run history', async () => {
    const work = cli.work;
    await writeFile(join(work, 'devops.yaml'), 'version: 1\npipeline:\n  stages:\n    build: { run: echo built }\n');
    const results = await Promise.all(Array.from({ length: 8 }, () => cli.bundle.run(work, 'run')));
    assert.deepEqual(results.map((r) => r.code), [0, 0, 0, 0, 0, 0, 0, 0], results.map((r) => r.stderr).join('\n'));
    const ids = results.map((r) => /Run (\S+): succeeded/.exec(r.stderr)?.[1]).sort();
    const saved = await new RunHistory(join(work, '.devops', 'history.json')).load();
    assert.deepEqual(saved.map((run) => run.id).sort(), ids);
    assert.deepEqual(readdirSync(join(work, '.devops')).sort(), ['history.json', 'runs'], 'no lock or temp file left behind');
  });
});
