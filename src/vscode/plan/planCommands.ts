import * as vscode from 'vscode';
import { planApiOrigin } from '../../backends/apiOrigins';
import type { CredentialKind } from '../../core/credentials/credentialOrigin';
import { DevopsError } from '../../core/errors';
import type { PlanModel } from '../../core/plan/planModel';
import { CommandId } from '../commands/commandTable';
import type { CommandRunner } from '../commands/commandRunner';
import type { SignInCommands, SignInSource, SignInTarget } from '../credentials/signInCommands';
import type { ExternalLinks } from '../externalLinks';
import type { UserPrompts } from '../prompts/userPrompts';
import type { RowTreeView } from '../trees/rowTreeView';
import { itemIdOfRow, planSignInRow } from './planRows';
import type { PlanSession } from './planSession';
import type { PlanTree } from './planTree';
import type { StartWorkCommand } from './startWorkCommand';

/** What the Plan commands act on. */
export interface PlanCommandParts {
  session: PlanSession;
  tree: PlanTree;
  view: RowTreeView;
  startWork: StartWorkCommand;
  /** The sign-in commands: the plan's server is among what they offer. */
  signIns: SignInCommands;
  /** Opens item pages: http and https only. */
  links: ExternalLinks;
  prompts: UserPrompts;
}

const myItemsKey = 'devops.plan.myItemsOnly';

/** Registers every Plan command; each runs through the one CommandRunner. */
export function registerPlanCommands(commands: CommandRunner, parts: PlanCommandParts): vscode.Disposable {
  const { session, tree, prompts } = parts;
  const signal = (): AbortSignal => new AbortController().signal;
  const model = (): PlanModel => {
    const state = session.state;
    if (!state) throw new DevopsError('invalid-config', 'devops.yaml has no plan section');
    return state.model;
  };
  const itemId = async (row: unknown): Promise<string> => itemIdOfRow(row) ?? (await pickItem(model(), prompts));
  const setMine = async (on: boolean): Promise<void> => {
    model().setMyItemsOnly(on);
    await vscode.commands.executeCommand('setContext', myItemsKey, on);
  };
  void vscode.commands.executeCommand('setContext', myItemsKey, false);
  return vscode.Disposable.from(
    commands.register(CommandId.planRefresh, () => session.refresh()),
    commands.register(CommandId.planShowMore, (status) => (typeof status === 'string' ? tree.showMore(status) : undefined)),
    commands.register(CommandId.planShowMyItems, () => setMine(true)),
    commands.register(CommandId.planShowAllItems, () => setMine(false)),
    commands.register(CommandId.planMoveToStatus, async (row, status) => {
      const id = await itemId(row);
      const statuses = session.state?.config.statuses ?? [];
      const current = model().item(id)?.status;
      const choices = statuses.filter((s) => s !== current).map((s) => ({ label: s, value: s }));
      const next = typeof status === 'string' ? status : await prompts.pick({ topic: 'plan.status', items: choices, title: `Move ${id} to…` });
      if (next === undefined) return;
      if (!statuses.includes(next)) throw new DevopsError('invalid-config', `"${next}" is not one of plan.statuses (${statuses.join(', ')})`);
      await model().setStatus(id, next, signal());
    }),
    commands.register(CommandId.planAssignToMe, async (row) => model().assignToMe(await itemId(row), signal())),
    commands.register(CommandId.planEditPoints, async (row) => {
      const id = await itemId(row);
      const text = await prompts.input({
        topic: 'plan.points',
        title: `Points of ${id}`,
        value: String(model().item(id)?.points ?? ''),
        prompt: 'A number of points; empty clears them',
        validate: (value) => (value.trim() === '' || /^\d+(\.\d+)?$/.test(value.trim()) ? undefined : 'Enter a number, or nothing to clear'),
      });
      if (text === undefined) return;
      await model().setPoints(id, text.trim() === '' ? undefined : Number(text), signal());
    }),
    commands.register(CommandId.planAddItem, async () => {
      const title = await prompts.input({ topic: 'plan.addItem', title: 'Add item: title', validate: (v) => (v.trim() === '' ? 'A title is needed' : undefined) });
      if (title === undefined) return;
      const points = await prompts.input({ topic: 'plan.addItem', title: 'Add item: points (optional)', validate: (v) => (v.trim() === '' || /^\d+$/.test(v.trim()) ? undefined : 'Enter a whole number') });
      if (points === undefined) return;
      const created = await model().addItem({ title: title.trim(), points: points.trim() === '' ? undefined : Number(points) }, signal());
      void prompts.notify({ topic: 'plan.added', level: 'info', text: `DevOps Loop: added ${created.id}.` });
    }),
    commands.register(CommandId.planStartWork, async (row) => parts.startWork.run(await itemId(row))),
    commands.register(CommandId.planOpenInBrowser, async (row) => {
      const m = model();
      const item = m.item(await itemId(row));
      const url = item && (m.provider.openUrl?.(item) ?? item.url);
      if (!url) throw new DevopsError('not-found', 'this item has no web page');
      await parts.links.open(url, `the page of ${item.id}`);
    }),
    commands.register(CommandId.planCopyId, async (row) => vscode.env.clipboard.writeText(await itemId(row))),
    commands.register(CommandId.planRevealActive, async () => {
      const id = session.state?.model.activeItemId;
      if (id !== undefined) await parts.view.reveal(`plan/${id}`, { expand: true });
    }),
    parts.signIns.addSource(planSignInSource(session)),
  );
}

/** The server of devops.yaml's plan, for the one sign-in command of its kind; the plan loads again after. */
function planSignInSource(session: PlanSession): SignInSource {
  const targets = (kind: CredentialKind): SignInTarget[] => {
    const plan = session.state?.config;
    const origin = plan?.provider === kind ? planApiOrigin(plan) : undefined;
    return origin === undefined ? [] : [{ origin, usedBy: 'the plan', after: () => session.refresh() }];
  };
  return {
    targets,
    targetOf: (kind, row) => ((row as Partial<typeof planSignInRow> | undefined)?.signInFor === 'plan' ? targets(kind)[0] : undefined),
  };
}

async function pickItem(model: PlanModel, prompts: UserPrompts): Promise<string> {
  const items = model.items.map((item) => ({ label: item.id, description: item.title, detail: item.status, value: item.id }));
  const picked = await prompts.pick({ topic: 'plan.item', items, title: 'Which item?', matchOnDescription: true });
  if (picked === undefined) throw new vscode.CancellationError();
  return picked;
}
