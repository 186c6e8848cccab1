import type { DevopsConfig } from './schema';
import type { Report } from './report';

// What the schema alone cannot say about image releases and engine deploy targets: the keys
// an image stage needs, keys that matter only for another kind, and an environment that
// names both a deploy command and a target.

const imageKeys = ['context', 'dockerfile', 'image', 'buildArgs'] as const;

export function checkImageStages(config: DevopsConfig, report: Report): void {
  for (const [name, stage] of Object.entries(config.pipeline?.stages ?? {})) {
    const path = ['pipeline', 'stages', name];
    if (stage.kind === 'image') {
      if (stage.image === undefined) report(path, 'error', 'missing-key', `image stage \`${name}\` needs \`image\`, the repository to push to, e.g. registry.example:5000/shop/web`, 'key');
      if (stage.run !== undefined) report([...path, 'run'], 'warning', 'ignored-key', `\`run\` is not used by \`kind: image\`; stage \`${name}\` builds with the engine`, 'key');
      continue;
    }
    for (const key of imageKeys) {
      if (stage[key] !== undefined) report([...path, key], 'warning', 'ignored-key', `\`${key}\` only matters for \`kind: image\`; stage \`${name}\` is \`kind: ${stage.kind}\``, 'key');
    }
  }
}

export function checkDeployTargets(config: DevopsConfig, report: Report): void {
  for (const [name, environment] of Object.entries(config.environments)) {
    const path = ['environments', name];
    if (environment.target === undefined) {
      if (environment.image !== undefined) report([...path, 'image'], 'warning', 'ignored-key', `\`image\` is used only with a \`target\`; environment \`${name}\` deploys with its command`, 'key');
      continue;
    }
    if (environment.image === undefined) report([...path, 'target'], 'error', 'missing-key', `environment \`${name}\` deploys to an engine target and needs \`image\`, the repository its release is tagged in`, 'key');
    if (environment.deploy !== undefined) report([...path, 'deploy'], 'error', 'conflicting-keys', `environment \`${name}\` has both \`deploy\` and \`target\`; keep one: the command or the engine workload`, 'key');
    checkTargetEngine(name, environment.target, [...path, 'target'], report);
  }
}

const kubernetesOnly = ['context', 'namespace', 'container'] as const;

/** A target names one engine's workload, and the Kubernetes keys only go with `kubernetes`. */
function checkTargetEngine(name: string, target: NonNullable<DevopsConfig['environments'][string]['target']>, path: string[], report: Report): void {
  const named = (['swarm', 'compose', 'kubernetes'] as const).filter((engine) => target[engine] !== undefined);
  if (named.length === 0) {
    report(path, 'error', 'missing-key', `the target of environment \`${name}\` names no workload: add \`swarm: <service>\`, \`compose: <service>\` or \`kubernetes: deployment/<name>\``, 'key');
    return;
  }
  if (named.length > 1) {
    report([...path, named[1]], 'error', 'conflicting-keys', `the target of environment \`${name}\` names ${named.join(' and ')} workloads; keep one`, 'key');
    return;
  }
  if (target.kubernetes !== undefined) return;
  const workload = target.swarm !== undefined ? `Swarm service \`${target.swarm}\`` : `Compose service \`${target.compose ?? ''}\``;
  for (const key of kubernetesOnly) {
    if (target[key] !== undefined) report([...path, key], 'warning', 'ignored-key', `\`${key}\` only matters for a \`kubernetes\` target; environment \`${name}\` deploys to ${workload}`, 'key');
  }
}
