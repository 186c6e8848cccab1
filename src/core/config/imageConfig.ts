import * as z from 'zod';
import { runsOnSchema } from './enginesConfig';

// The keys of an image release (`kind: image` stages) and of an engine deploy target
// (`environments.<name>.target`). An image name decides where the engine pushes, so its
// shape is checked here; the credential for that registry never comes from devops.yaml.

/** registry[:port]/path without a tag or digest: the tag is always the release's. */
export const imageRepository = z
  .string()
  .regex(/^(?:[A-Za-z0-9.-]+(?::\d{1,5})?\/)?[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$/, 'an image repository without a tag, e.g. registry.example:5000/shop/web');

export const buildArgsSchema = z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a build argument name'), z.union([z.string(), z.number(), z.boolean()]).transform(String));

export const deployTargetSchema = z
  .object({
    swarm: runsOnSchema.shape.swarm.unwrap().describe('The Swarm service whose image a deploy sets, e.g. shop_web.'),
  })
  .strict();

export type DeployTargetConfig = z.output<typeof deployTargetSchema>;
