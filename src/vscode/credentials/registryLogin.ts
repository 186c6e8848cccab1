import type * as vscode from 'vscode';
import { registryHost, registryOrigin } from '../../backends/pipeline/image/registryCredentials';
import type { DevopsConfig } from '../../core/config/schema';
import { registryCredentialKey } from '../../core/credentials/credentialOrigin';
import { DevopsError } from '../../core/errors';
import type { CommandRunner } from '../commands/commandRunner';
import { CommandId } from '../commands/commandTable';
import type { UserPrompts } from '../prompts/userPrompts';
import type { Credentials } from './credentials';

// "Set Container Registry Login…": the user and password an image release pushes with, kept
// in SecretStorage under the registry's exact origin. The registries offered are the ones
// devops.yaml's images name; the user sees which one before typing anything, and a login
// stored for one registry is never sent to another (registryCredentials.ts).

export function registerRegistryLogin(commands: CommandRunner, deps: { credentials: Credentials; prompts: UserPrompts; config: () => DevopsConfig | undefined }): vscode.Disposable {
  return commands.register(CommandId.setRegistryLogin, async () => {
    const host = await pickRegistry(deps.prompts, registryHosts(deps.config()));
    if (host === undefined) return;
    const origin = registryOrigin(host);
    const ask = (title: string, password: boolean): Promise<string | undefined> => deps.prompts.input({ topic: 'credentials.registry', title, password, ignoreFocusOut: true, subject: { title } });
    const username = (await ask(`User for the container registry ${host}`, false))?.trim();
    if (!username) return;
    const password = await ask(`Password or access token of ${username} for ${host} (kept in VS Code SecretStorage, sent to this registry only)`, true);
    if (!password) return;
    await deps.credentials.secretStore().store(registryCredentialKey(origin), JSON.stringify({ username, password }));
    void deps.prompts.notify({ topic: 'credentials.registry.stored', level: 'info', text: `Image releases now push to ${host} as ${username}.` });
  });
}

/** The registries of every image devops.yaml names: `kind: image` stages and engine-target environments. */
export function registryHosts(config: DevopsConfig | undefined): string[] {
  const images = [
    ...Object.values(config?.pipeline?.stages ?? {}).flatMap((stage) => (stage.kind === 'image' && stage.image ? [stage.image] : [])),
    ...Object.values(config?.environments ?? {}).flatMap((environment) => (environment.image ? [environment.image] : [])),
  ];
  return [...new Set(images.map(registryHost))].sort();
}

async function pickRegistry(prompts: UserPrompts, hosts: string[]): Promise<string | undefined> {
  if (hosts.length === 0) throw new DevopsError('invalid-config', 'devops.yaml names no container registry: a `kind: image` stage or an environment with `image:` says which registry a release pushes to.');
  if (hosts.length === 1) return hosts[0];
  return prompts.pick({ topic: 'credentials.registry.host', title: 'Set the login of which container registry?', items: hosts.map((host) => ({ label: host, value: host })), ignoreFocusOut: true });
}
