import * as z from 'zod';
import { kubernetesEngineSchema } from './kubernetesEngineConfig';

// The `engines` block of devops.yaml (which container engines the product reads live
// workloads from) and a service's `runsOn` binding to one of their workloads. An engine
// address decides where the product connects, so it is checked here for its shape and,
// where it is used, for consent (core/engines/dockerEndpoint.ts); no credential is ever
// sent to an engine.

const dockerHost = z
  .string()
  .regex(/^(?:unix:\/\/\/[^\s?#]+|tcp:\/\/(?:\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):\d{1,5}\/?)$/, 'unix:///path/to/docker.sock or tcp://host:port');

export const dockerEngineSchema = z
  .object({
    host: dockerHost
      .optional()
      .describe(
        'Where the Docker engine listens: unix:///var/run/docker.sock or tcp://host:port. Default: DOCKER_HOST, else /var/run/docker.sock. A tcp:// host other than this machine is used only after you allow it; no credential is sent to it.',
      ),
  })
  .strict();

export const enginesSchema = z
  .object({
    docker: dockerEngineSchema.optional().describe('Docker containers, Compose projects (from their labels) and Swarm services and stacks.'),
    kubernetes: kubernetesEngineSchema.optional().describe('Kubernetes Deployments, StatefulSets, DaemonSets and their pods, from a context of your kubeconfig.'),
  })
  .strict()
  .describe('Container engines whose live workloads the Services view, the Monitor and the CLI show.');

// Names as the engines allow them: Compose services and projects, Swarm services, and
// Kubernetes objects (DNS-1123), so a binding that can never match is caught while typing.
const composeRef = z.string().regex(/^(?:[a-z0-9][a-z0-9_-]*\/)?[A-Za-z0-9][A-Za-z0-9._-]*$/, 'a Compose service, `web`, or `project/web`');
const swarmRef = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/, 'a Swarm service name such as `shop_api`');
const kubernetesRef = z
  .string()
  .regex(/^(?:[a-z0-9](?:[-a-z0-9]*[a-z0-9])?\/)?(?:deployment|statefulset|daemonset|pod)\/[a-z0-9](?:[-a-z0-9.]*[a-z0-9])?$/, 'kind/name, e.g. `deployment/api` or `shop/deployment/api`');

export const runsOnSchema = z
  .object({
    compose: composeRef.optional().describe('The Compose service (its containers carry com.docker.compose.service), optionally as project/service.'),
    swarm: swarmRef.optional().describe('The Swarm service, e.g. shop_api for service api of stack shop.'),
    kubernetes: kubernetesRef.optional().describe('The Kubernetes workload: deployment/NAME, statefulset/NAME, daemonset/NAME or pod/NAME, optionally NAMESPACE/ first.'),
  })
  .strict()
  .describe('What runs this service on an engine of `engines`, so its live state, actions and logs join it: one of compose, swarm or kubernetes.');

export type EnginesConfig = z.output<typeof enginesSchema>;
export type DockerEngineConfig = z.output<typeof dockerEngineSchema>;
export type RunsOnConfig = z.output<typeof runsOnSchema>;

/** Which entry of `engines` serves each kind of binding. */
export const bindingEngine = { compose: 'docker', swarm: 'docker', kubernetes: 'kubernetes' } as const;

export type BindingKind = keyof typeof bindingEngine;

/** The one binding of a runsOn entry, or undefined when it names none (the loader reports that). */
export function runsOnBinding(runsOn: RunsOnConfig): { kind: BindingKind; target: string } | undefined {
  const kinds = (Object.keys(bindingEngine) as BindingKind[]).filter((kind) => runsOn[kind] !== undefined);
  return kinds.length === 1 ? { kind: kinds[0], target: runsOn[kinds[0]] ?? '' } : undefined;
}
