import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { DevopsTestApi } from '../../../../src/vscode/testApi';
import { activateExtension, EXTENSION_ID } from '../empty/extensionUnderTest';
import { failures } from '../empty/recordedPrompts';

// Every command the Command Palette offers works from there, with no row: it needs none,
// asks for what a row would give, or says clearly what is missing. Each runs here without
// an argument while every question is answered with Escape, as a user backing out would.
// Commands that act on a row are hidden from the palette (test/unit/commandTable.test.ts).
//
// Some of them open panels and editors, so this suite registers itself after the files
// already loaded, near the end of the run.
process.nextTick(() =>
  describe('commands offered by the Command Palette', function () {
    this.timeout(120_000);
    let api: DevopsTestApi;

    before(async () => {
      api = await activateExtension();
      api.prompts.answer('', () => undefined);
    });

    after(() => api.prompts.answer('', undefined));

    it('run without a row, through the one command runner, failing only with a clear message', async () => {
      const contributes = (vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as { contributes: { commands: { command: string }[]; menus: { commandPalette: { command: string; when?: string }[] } } }).contributes;
      const hidden = new Set(contributes.menus.commandPalette.filter((entry) => entry.when === 'false').map((entry) => entry.command));
      const offered = contributes.commands.map((entry) => entry.command).filter((command) => !hidden.has(command));
      assert.ok(offered.length > 30, `the palette offers the commands: ${offered.join(', ')}`);
      for (const command of offered) {
        const told = failures(api).length;
        await vscode.commands.executeCommand(command);
        assert.ok(api.commands.executed.has(command), `${command} ran through the command runner`);
        for (const failure of failures(api).slice(told)) {
          assert.ok(failure.reason, `${command} failed with an untyped error: ${failure.text}`);
          assert.doesNotMatch(failure.text, /\brow\b|in the [\w ]+ view/i, `${command} needs a row of a view: ${failure.text}`);
        }
      }
    });
  }),
);
