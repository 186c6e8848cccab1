import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { plannedCommands } from '../../../src/core/pipeline/stageCommands';
import { selectStages } from '../../../src/core/pipeline/stagePlan';
import { configOf, engineFor, stagesOf, tempDir } from './pipelineTestKit';

// A `manual: true` stage (the demo's image stage, which needs a container engine) stays out
// of a whole-pipeline run and runs when asked for by name.

describe('manual stages', () => {
  const stages = {
    build: { run: 'touch built' },
    image: { kind: 'image', manual: true, needs: ['build'], image: '127.0.0.1:7350/shop/web' },
    publish: { run: 'touch published', needs: ['image'] },
    lint: { run: 'touch linted' },
  };

  it('a whole run leaves the manual stage out and keeps the stages that need it', () => {
    assert.deepEqual(selectStages(stagesOf(stages)), ['build', 'publish', 'lint']);
  });

  it('runs when asked for by name, alone or with its needs, and as a need of a stage asked for with its needs', () => {
    assert.deepEqual(selectStages(stagesOf(stages), ['image']), ['image']);
    assert.deepEqual(selectStages(stagesOf(stages), ['image'], true), ['build', 'image']);
    assert.deepEqual(selectStages(stagesOf(stages), ['publish'], true), ['build', 'image', 'publish']);
  });

  it('the approval of a whole run lists no command of a manual stage', () => {
    const config = configOf({ pipeline: { stages: { build: { run: 'touch built' }, smoke: { run: 'touch smoked', manual: true } } } });
    assert.deepEqual(plannedCommands(config, '/ws').map((c) => c.command), ['touch built']);
    assert.deepEqual(plannedCommands(config, '/ws', ['smoke']).map((c) => c.command), ['touch smoked']);
  });

  describe('in a run', () => {
    let ws: ReturnType<typeof tempDir>;
    beforeEach(() => (ws = tempDir('devops-manual-')));
    afterEach(() => ws.remove());

    it('a whole run does not start it, and a stage that needs it runs with that need counted as met', async () => {
      const run = await engineFor(ws.path, { build: { run: 'touch built' }, smoke: { run: 'touch smoked', manual: true, needs: ['build'] }, after: { run: 'touch after', needs: ['smoke'] } }).run();
      assert.equal(run.status, 'succeeded');
      assert.deepEqual(run.stages.map((s) => [s.name, s.status]), [['build', 'succeeded'], ['after', 'succeeded']]);
      assert.ok(!existsSync(join(ws.path, 'smoked')), 'the manual stage did not run');
      const byName = await engineFor(ws.path, { smoke: { run: 'touch smoked', manual: true } }).run({ stages: ['smoke'] });
      assert.deepEqual(byName.stages.map((s) => [s.name, s.status]), [['smoke', 'succeeded']]);
      assert.ok(existsSync(join(ws.path, 'smoked')));
    });
  });
});
