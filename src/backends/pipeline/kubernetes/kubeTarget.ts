import type { TargetState } from '../../../core/pipeline/targetState';
import type { KubeClient } from '../../engines/kubernetes/kubeClient';
import { ownedReplicaSets, replicaSetImage } from './kubeHistory';
import { chooseContainer, deployAnnotations, progressFailure, readWorkload, rolloutPending, type WorkloadRef } from './kubeWorkload';

// What a Kubernetes workload runs, as the environment row and `status --json` show it. The
// deploy's annotations count only while the container still runs the image that deploy
// set: after a `kubectl set image` by hand, the image's own tag is the truth and who did it
// is unknown. A Deployment's history comes from its ReplicaSets' revisions.

const historyLength = 10;

export async function readKubernetesTarget(client: KubeClient, ref: WorkloadRef, signal: AbortSignal): Promise<TargetState> {
  const workload = await readWorkload(client, ref, signal);
  const container = chooseContainer(workload, ref);
  const image = container.image.replace(/@sha256:[0-9a-f]+$/, '');
  const annotations = workload.metadata.annotations ?? {};
  const ours = annotations[deployAnnotations.image] === image;
  const version = (ours ? annotations[deployAnnotations.version] : undefined) ?? tagOf(image);
  const changedAt = ours ? annotations[deployAnnotations.at] : undefined;
  const changedBy = ours ? annotations[deployAnnotations.by] : undefined;
  const status = workload.status ?? {};
  const rollout = progressFailure(workload) !== undefined ? 'failed' : rolloutPending(workload) === undefined ? 'completed' : 'updating';
  const history = ref.kind === 'deployment' ? await deployHistory(client, ref, workload, container.name, signal) : [];
  return {
    target: `kubernetes ${ref.namespace}/${ref.kind}/${ref.name}`,
    image,
    replicas: { running: status.readyReplicas ?? 0, desired: workload.spec.replicas ?? 1 },
    ...(version ? { version } : {}),
    ...(changedAt ? { changedAt } : {}),
    ...(changedBy ? { changedBy } : {}),
    rollout,
    ...(history.length > 0 ? { history } : {}),
  };
}

async function deployHistory(client: KubeClient, ref: WorkloadRef, workload: Awaited<ReturnType<typeof readWorkload>>, container: string, signal: AbortSignal): Promise<NonNullable<TargetState['history']>> {
  const sets = await ownedReplicaSets(client, ref, workload, signal);
  return sets.slice(0, historyLength).map((rs) => {
    const image = replicaSetImage(rs, container).replace(/@sha256:[0-9a-f]+$/, '');
    const version = rs.spec.template.metadata?.annotations?.[deployAnnotations.version] ?? tagOf(image);
    const createdAt = rs.metadata.creationTimestamp;
    return { revision: rs.revision, image, ...(version ? { version } : {}), ...(createdAt ? { createdAt } : {}) };
  });
}

function tagOf(image: string): string | undefined {
  return /:([^/:]+)$/.exec(image)?.[1];
}
