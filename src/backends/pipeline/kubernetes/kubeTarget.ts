import type { TargetRevision, TargetState } from '../../../core/pipeline/targetState';
import type { KubeClient } from '../../engines/kubernetes/kubeClient';
import { imageTag, previousRevision, templateImage, templateVersion, workloadRevisions, type WorkloadRevision } from './kubeHistory';
import { chooseContainer, deployAnnotations, progressFailure, readWorkload, rolloutPending, type WorkloadRef } from './kubeWorkload';

// What a Kubernetes workload runs, as the environment row and `status --json` show it. The
// deploy's annotations count only while the container still runs the image that deploy
// set: after a `kubectl set image` by hand, the image's own tag is the truth and who did it
// is unknown. The history comes from the workload's revisions (a Deployment's ReplicaSets, a
// StatefulSet's ControllerRevisions), and so does `previous`, what Rollback… returns to.

const historyLength = 10;

export async function readKubernetesTarget(client: KubeClient, ref: WorkloadRef, signal: AbortSignal): Promise<TargetState> {
  const workload = await readWorkload(client, ref, signal);
  const container = chooseContainer(workload, ref);
  const image = container.image.replace(/@sha256:[0-9a-f]+$/, '');
  const annotations = workload.metadata.annotations ?? {};
  const ours = annotations[deployAnnotations.image] === image;
  const version = (ours ? annotations[deployAnnotations.version] : undefined) ?? imageTag(image);
  const changedAt = ours ? annotations[deployAnnotations.at] : undefined;
  const changedBy = ours ? annotations[deployAnnotations.by] : undefined;
  const status = workload.status ?? {};
  const rollout = progressFailure(workload) !== undefined ? 'failed' : rolloutPending(workload) === undefined ? 'completed' : 'updating';
  const revisions = await workloadRevisions(client, ref, workload, signal);
  const history = revisions.slice(0, historyLength).map((r) => described(r, container.name));
  const back = previousRevision(workload, revisions);
  const previous = back ? described(back, container.name) : undefined;
  return {
    target: `kubernetes ${ref.namespace}/${ref.kind}/${ref.name}`,
    image,
    replicas: { running: status.readyReplicas ?? 0, desired: workload.spec.replicas ?? 1 },
    ...(version ? { version } : {}),
    ...(changedAt ? { changedAt } : {}),
    ...(changedBy ? { changedBy } : {}),
    rollout,
    // What Rollback… returns to: the revision kubectl rollout undo would pick.
    ...(previous?.image ? { previous: { image: previous.image, ...(previous.version ? { version: previous.version } : {}) } } : {}),
    ...(history.length > 0 ? { history } : {}),
  };
}

function described(revision: WorkloadRevision, container: string): TargetRevision {
  const image = templateImage(revision.template, container).replace(/@sha256:[0-9a-f]+$/, '');
  const version = templateVersion(revision.template) ?? imageTag(image);
  return { revision: revision.revision, image, ...(version ? { version } : {}), ...(revision.createdAt ? { createdAt: revision.createdAt } : {}) };
}
