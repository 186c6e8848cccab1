import * as assert from 'node:assert/strict';
import { parse } from 'yaml';
import { kubernetesEngineSchema } from '../../../src/core/config/kubernetesEngineConfig';

// `engines.kubernetes` as users write it in devops.yaml, checked by its own schema (the
// engines section takes it in as it is).

const read = (yaml: string): ReturnType<typeof kubernetesEngineSchema.safeParse> => kubernetesEngineSchema.safeParse(parse(yaml) as unknown);
const messages = (yaml: string): string[] => {
  const result = read(yaml);
  assert.ok(!result.success, `expected ${yaml} to be refused`);
  return result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('engines.kubernetes schema', () => {
  it('takes the forms of the issue: empty, a context with namespaces, a workspace kubeconfig', () => {
    assert.deepEqual(read('{}').data, {});
    assert.deepEqual(read('{ context: prod, namespaces: [shop] }').data, { context: 'prod', namespaces: ['shop'] });
    assert.deepEqual(read('context: arn:aws:eks:eu-west-1:123456789012:cluster/shop\nnamespaces:\n  - shop\n  - shop-jobs\nkubeconfig: ops/kubeconfig.yaml\n').data, {
      context: 'arn:aws:eks:eu-west-1:123456789012:cluster/shop',
      namespaces: ['shop', 'shop-jobs'],
      kubeconfig: 'ops/kubeconfig.yaml',
    });
  });

  it('refuses namespaces the API would refuse, listed twice, or none', () => {
    assert.match(messages('namespaces: [Shop]').join('\n'), /namespaces\.0: a namespace name/);
    assert.match(messages('namespaces: [shop_jobs]').join('\n'), /namespaces\.0: a namespace name/);
    assert.match(messages(`namespaces: [${'a'.repeat(64)}]`).join('\n'), /at most 63 characters/);
    assert.match(messages('namespaces: [shop, shop]').join('\n'), /listed twice/);
    assert.match(messages('namespaces: []').join('\n'), /namespaces/);
    assert.match(messages('namespaces: shop').join('\n'), /namespaces/);
  });

  it('a kubeconfig must stay inside the workspace; unknown keys and empty names are refused', () => {
    assert.match(messages('kubeconfig: ~/.kube/config').join('\n'), /kubeconfig: "~\/\.kube\/config" points into your home folder; leave kubeconfig out/);
    assert.match(messages('kubeconfig: /home/me/.kube/config').join('\n'), /kubeconfig: "\/home\/me\/\.kube\/config" is an absolute path/);
    assert.match(messages('kubeconfig: ../../.kube/config').join('\n'), /leads out of the folder of devops.yaml/);
    assert.match(messages('context: ""').join('\n'), /context/);
    assert.match(messages('{ context: prod, server: https://evil.example }').join('\n'), /server/);
  });
});
