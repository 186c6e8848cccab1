import * as assert from 'node:assert/strict';
import type { TriggerInput, TriggerTarget } from '../../../src/core/ci/ciTypes';
import { protectedEnvironments } from '../../../src/core/ci/protectedDeploys';

const environments = { dev: { protected: false }, Staging: { protected: true }, production: { protected: true } };

function target(inputs: Partial<TriggerInput>[] = [], freeVariables = false): TriggerTarget {
  return { id: 'deploy.yml', label: 'Deploy', freeVariables, inputs: inputs.map((input) => ({ name: 'x', required: false, type: 'string', ...input })) };
}

describe('protected deploys of a CI trigger', () => {
  it('counts an input declared as type environment whatever its name', () => {
    const declared = target([{ name: 'where', type: 'environment' }]);
    assert.deepEqual(protectedEnvironments(declared, { where: 'production' }, environments), ['production']);
    // The same name without the declared type says nothing.
    assert.deepEqual(protectedEnvironments(target([{ name: 'where' }]), { where: 'production' }, environments), []);
  });

  it('matches deploy names without case, - or _', () => {
    for (const name of ['environment', 'ENV', 'deploy-env', 'Deploy_Environment', 'deployment_environment', 'TARGET', 'target-env', 'deploy_to', 'env_name']) {
      assert.deepEqual(protectedEnvironments(target([], true), { [name]: 'production' }, environments), ['production'], name);
    }
    for (const name of ['stage', 'region', 'environments', 'deploy']) {
      assert.deepEqual(protectedEnvironments(target([], true), { [name]: 'production' }, environments), [], name);
    }
  });

  it('counts declared defaults the engine applies when the input is left out, and a given value over them', () => {
    const withDefault = target([{ name: 'environment', default: 'production' }]);
    assert.deepEqual(protectedEnvironments(withDefault, {}, environments), ['production']);
    assert.deepEqual(protectedEnvironments(withDefault, { environment: 'dev' }, environments), []);
  });

  it('ignores unprotected and unknown environments', () => {
    assert.deepEqual(protectedEnvironments(target([], true), { environment: 'dev' }, environments), []);
    assert.deepEqual(protectedEnvironments(target([], true), { target: 'x86_64' }, environments), []);
    assert.deepEqual(protectedEnvironments(target([], true), { environment: 'production' }, {}), []);
  });

  it('compares environment names without case and answers them as devops.yaml spells them, once each', () => {
    const found = protectedEnvironments(target([], true), { environment: ' staging ', deploy_env: 'STAGING', target: 'Production' }, environments);
    assert.deepEqual(found.sort(), ['Staging', 'production']);
  });
});
