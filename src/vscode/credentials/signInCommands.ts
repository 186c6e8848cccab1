import * as vscode from 'vscode';
import type { CredentialKind } from '../../core/credentials/credentialOrigin';
import { DevopsError } from '../../core/errors';
import type { CommandRunner } from '../commands/commandRunner';
import { CommandId } from '../commands/commandTable';
import type { UserPrompts } from '../prompts/userPrompts';
import type { Credentials } from './credentials';

/** A server devops.yaml names that a credential of one kind goes to. */
export interface SignInTarget {
  /** scheme://host:port, where the credential goes and nowhere else. */
  origin: string;
  /** What reaches it, e.g. "the plan" or "CI octo-org/octo-repo". */
  usedBy: string;
  /** Runs once the credential is stored (the plan loads again; CI follows credential changes by itself). */
  after?: () => Promise<void>;
}

/** Where the servers to sign in for come from: each feature that reaches servers adds one. */
export interface SignInSource {
  /** Every server of that kind the feature reaches. */
  targets(kind: CredentialKind): SignInTarget[];
  /** The server a row of the feature's view (or its data) stands for; undefined for anything else. */
  targetOf?(kind: CredentialKind, row: unknown): SignInTarget | undefined;
}

const engine: Record<CredentialKind, string> = { github: 'GitHub', gitlab: 'GitLab', jira: 'Jira', jenkins: 'Jenkins' };
const where: Record<CredentialKind, string> = {
  github: 'plan.provider: github, or a github entry under pipeline.ci',
  gitlab: 'plan.provider: gitlab, or a gitlab entry under pipeline.ci',
  jira: 'plan.provider: jira',
  jenkins: 'a jenkins entry under pipeline.ci',
};

/**
 * One sign-in command per kind of credential, shared by the Plan and the CI Runs view: a
 * row names its server; otherwise the servers devops.yaml names are offered (a pick when
 * there are several). The credential is stored for that one origin.
 */
export class SignInCommands {
  private readonly sources = new Set<SignInSource>();

  constructor(
    private readonly credentials: Credentials,
    private readonly prompts: UserPrompts,
  ) {}

  /** Adds the servers of a feature; dispose removes them. */
  addSource(source: SignInSource): vscode.Disposable {
    this.sources.add(source);
    return new vscode.Disposable(() => this.sources.delete(source));
  }

  register(commands: CommandRunner): vscode.Disposable {
    return vscode.Disposable.from(
      commands.register(CommandId.signInGithub, (row) => this.signIn('github', row)),
      commands.register(CommandId.setGitlabToken, (row) => this.signIn('gitlab', row)),
      commands.register(CommandId.setJiraCredentials, (row) => this.signIn('jira', row)),
      commands.register(CommandId.setJenkinsCredentials, (row) => this.signIn('jenkins', row)),
    );
  }

  private async signIn(kind: CredentialKind, row: unknown): Promise<void> {
    const target = row === undefined ? undefined : [...this.sources].map((source) => source.targetOf?.(kind, row)).find((found) => found !== undefined);
    const chosen = target ?? (await this.pick(kind));
    if (!chosen) return;
    await this.credentials.signIn(kind, chosen.origin);
    await chosen.after?.();
  }

  private async pick(kind: CredentialKind): Promise<SignInTarget | undefined> {
    const byOrigin = new Map<string, SignInTarget>();
    for (const target of [...this.sources].flatMap((source) => source.targets(kind))) {
      const known = byOrigin.get(target.origin);
      byOrigin.set(target.origin, known ? merged(known, target) : target);
    }
    const targets = [...byOrigin.values()];
    if (targets.length === 0) throw new DevopsError('invalid-config', `devops.yaml names no ${engine[kind]} server to sign in for (${where[kind]}).`);
    if (targets.length === 1) return targets[0];
    const items = targets.map((target) => ({ label: target.origin, description: target.usedBy, value: target }));
    return this.prompts.pick({ topic: 'credentials.server', items, title: `Sign in to which ${engine[kind]} server?`, ignoreFocusOut: true });
  }
}

/** One server used by two features: one sign-in, both follow-ups. */
function merged(a: SignInTarget, b: SignInTarget): SignInTarget {
  return {
    origin: a.origin,
    usedBy: `${a.usedBy}, ${b.usedBy}`,
    after: async () => {
      await a.after?.();
      await b.after?.();
    },
  };
}
