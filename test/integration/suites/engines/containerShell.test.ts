import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { parseDocument } from 'yaml';
import { CommandId } from '../../../../src/vscode/commands/commandTable';
import type { DevopsTestApi } from '../../../../src/vscode/testApi';
import { dockerSuite } from '../../../unit/engines/dockerHarness';
import { activateExtension, readText, waitFor, workspaceRoot, writeText } from '../empty/extensionUnderTest';
import { rowById } from './servicesViewRows';

// Open Shell on a container of a real Docker engine: the command opens an integrated
// terminal on a shell inside the container (the engine's exec API with a TTY), keys typed
// into the terminal reach the shell, its output comes back, and `exit` ends it with the
// shell's own exit code.

const CONTAINER = 'dlsh-box';
const ROW = `workload/docker/container/-/${CONTAINER}`;

describe('Open Shell in a container of a real Docker engine', function () {
  this.timeout(180_000);
  const docker = dockerSuite();
  let api: DevopsTestApi;
  let original: string;
  const configUri = (): vscode.Uri => vscode.Uri.joinPath(workspaceRoot(), 'devops.yaml');

  before(async function () {
    this.timeout(240_000);
    api = await activateExtension();
    const { harness } = docker;
    const id = await harness.runContainer(CONTAINER, {});
    // The test image holds /bin/busybox alone; its applets make it an image with `sh`, as busybox images are.
    const exec = await harness.api('POST', `/containers/${id}/exec`, { Cmd: ['/bin/busybox', '--install', '-s', '/bin'] });
    const execId = (exec.json as { Id: string }).Id;
    await harness.api('POST', `/exec/${execId}/start`, { Detach: false, Tty: false });
    await waitFor('the busybox applets installed', async () => ((await harness.api('GET', `/exec/${execId}/json`)).json as { Running: boolean; ExitCode: number }).ExitCode === 0);
    original = await readText(configUri());
    const doc = parseDocument(original);
    doc.set('engines', { docker: { host: `unix://${harness.socket}` } });
    await writeText(configUri(), doc.toString());
    await api.config.reload();
  });

  after(async () => {
    api.prompts.answer('engines', undefined);
    for (const terminal of vscode.window.terminals.filter((t) => t.name.startsWith('Shell: '))) terminal.dispose();
    if (original !== undefined) await writeText(configUri(), original);
    await api?.config.reload();
  });

  it('opens a terminal on a shell in the container that runs what is typed', async () => {
    const row = await waitFor('the running container row offering a shell', () => {
      const found = rowById(api, ROW);
      return found?.description?.startsWith('running') && /\bshell\b/.test(found.contextValue) ? found : undefined;
    }, 60_000);
    const member = api.views.services.getChildren(row)[0];
    assert.match(member?.contextValue ?? '', /^workload-member\b.*\bshell\b/, 'the container row below offers it too');
    api.prompts.answer('engines.shell.confirm', () => 'Open Shell');
    await vscode.commands.executeCommand(CommandId.engineOpenShell, row);
    const confirm = api.prompts.log.filter((p) => p.topic === 'engines.shell.confirm').at(-1);
    assert.match(confirm?.text ?? '', new RegExp(`Open a shell in ${CONTAINER}\\?`));
    const terminal = await waitFor('the shell terminal', () => vscode.window.terminals.find((t) => t.name === `Shell: ${CONTAINER}`));
    const shell = await waitFor('the shell in the seam', () => api.engines.shells.find((s) => s.name === `Shell: ${CONTAINER}`));
    // busybox's prompt is "/ # " followed by a cursor position query.
    await waitFor('the prompt of the shell', () => /[#$] /.test(shell.output), 30_000).catch((error: unknown) => assert.fail(`${String(error)}; output so far: ${JSON.stringify(shell.output)}`));
    const token = randomBytes(4).toString('hex');
    terminal.sendText(`echo shell-${token}-$((6*7)) $(hostname)`);
    // The echo of the typed line holds `$((6*7))`; only the shell's answer holds 42.
    const answer = await waitFor('the answer of the shell', () => new RegExp(`shell-${token}-42 [0-9a-f]{12}`).exec(shell.output)?.[0], 30_000);
    const inspect = (await docker.harness.api('GET', `/containers/${CONTAINER}/json`)).json as { Id: string; Config: { Hostname: string } };
    assert.ok(answer.endsWith(inspect.Config.Hostname), `ran inside the container (${answer}, hostname ${inspect.Config.Hostname})`);
    terminal.sendText('exit 3');
    const ended = await waitFor('the shell ended', () => shell.ended, 30_000);
    assert.equal(ended.code, 3, 'the shell exit code is reported');
    assert.match(shell.output, /the shell ended with exit code 3/);
  });

  it('opens nothing when the confirmation is cancelled', async () => {
    const before = vscode.window.terminals.length;
    api.prompts.answer('engines.shell.confirm', () => undefined);
    await vscode.commands.executeCommand(CommandId.engineOpenShell, rowById(api, ROW));
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal(vscode.window.terminals.length, before);
  });
});
