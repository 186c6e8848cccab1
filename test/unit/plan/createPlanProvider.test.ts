import * as assert from 'node:assert/strict';
import { openNetwork } from '../../../src/backends/http/openNetwork';
import { createPlanProvider } from '../../../src/backends/plan/createPlanProvider';
import type { PlanConfig } from '../../../src/core/config/schema';
import { DevopsError } from '../../../src/core/errors';
import { planCapabilities } from '../../../src/core/plan/planProvider';

const base: PlanConfig = { provider: 'file', file: 'sprint.yaml', statuses: ['todo', 'done'], branchTemplate: 'feature/{id}-{slug}' };

describe('createPlanProvider', () => {
  it('builds each provider from plan config, with the capabilities menus follow', () => {
    const remote = { network: openNetwork, gitlabToken: () => Promise.resolve('t'), jiraCredentials: () => Promise.resolve({ token: 't' }) };
    const file = createPlanProvider(base, { configDir: '/repo' });
    assert.deepEqual([file.id, file.label], ['file', 'sprint.yaml']);
    const github = createPlanProvider({ ...base, provider: 'github', repository: 'o/r' }, { configDir: '/repo', network: openNetwork, githubToken: () => Promise.resolve('t') });
    assert.deepEqual([...planCapabilities(github)].sort(), ['addItem', 'assign', 'openUrl', 'setStatus']);
    const gitlab = createPlanProvider({ ...base, provider: 'gitlab', repository: 'g/p' }, { configDir: '/repo', ...remote });
    assert.ok(planCapabilities(gitlab).has('setPoints'));
    const jira = createPlanProvider({ ...base, provider: 'jira', baseUrl: 'https://x.atlassian.net', board: 3 }, { configDir: '/repo', ...remote });
    assert.equal(jira.label, 'board 3');
    for (const p of [github, gitlab, jira]) p.dispose?.();
  });

  it('says which setting is missing', () => {
    assert.throws(() => createPlanProvider({ ...base, provider: 'jira', baseUrl: 'https://x' }, { configDir: '/', jiraCredentials: undefined }), (e: unknown) => DevopsError.is(e, 'invalid-config') && /plan\.board/.test((e as Error).message));
    assert.throws(() => createPlanProvider({ ...base, provider: 'github' }, { configDir: '/' }), (e: unknown) => DevopsError.is(e, 'invalid-config') && /plan\.repository/.test((e as Error).message));
  });
});
