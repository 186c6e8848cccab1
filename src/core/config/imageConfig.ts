import * as z from 'zod';
import { runsOnSchema } from './enginesConfig';
import { namespaceName } from './kubernetesEngineConfig';

// The keys of an image release (`kind: image` stages) and of an engine deploy target
// (`environments.<name>.target`). An image name decides where the engine pushes, so its
// shape is checked here; the credential for that registry never comes from devops.yaml.

/** registry[:port]/path without a tag or digest: the tag is always the release's. */
export const imageRepository = z
  .string()
  .regex(/^(?:[A-Za-z0-9.-]+(?::\d{1,5})?\/)?[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$/, 'an image repository without a tag, e.g. registry.example:5000/shop/web');

export const buildArgsSchema = z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a build argument name'), z.union([z.string(), z.number(), z.boolean()]).transform(String));

/** A DNS-1123 label: a container's name in a pod template. */
const containerName = z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'a container name such as `web`').max(63);

// One object for every engine rather than a union, so a mistake is reported on the key that
// is wrong (imageChecks.ts says which engine keys go together) instead of as "no union matched".
export const deployTargetSchema = z
  .object({
    swarm: runsOnSchema.shape.swarm.unwrap().optional().describe('The Swarm service whose image a deploy sets, e.g. shop_web.'),
    compose: runsOnSchema.shape.compose
      .unwrap()
      .optional()
      .describe('The Compose service whose containers a deploy recreates with the image, as `docker compose up` does: web, or project/web when the service name is in several projects.'),
    kubernetes: z
      .string()
      .regex(/^(?:deployment|statefulset)\/[a-z0-9](?:[-a-z0-9.]*[a-z0-9])?$/, 'a workload such as `deployment/web` or `statefulset/db`')
      .max(270)
      .optional()
      .describe('The Kubernetes Deployment or StatefulSet whose container image a deploy sets: deployment/<name> or statefulset/<name>.'),
    context: z.string().min(1).optional().describe("With kubernetes: the context of your kubeconfig to deploy through; default: the kubeconfig's current context. Only a name: devops.yaml names no server or credential."),
    namespace: namespaceName.optional().describe("With kubernetes: the workload's namespace; default: the context's namespace, else default."),
    container: containerName.optional().describe('With kubernetes: the container whose image is set; default: the only container of the pod template.'),
  })
  .strict();

export type DeployTargetConfig = z.output<typeof deployTargetSchema>;
