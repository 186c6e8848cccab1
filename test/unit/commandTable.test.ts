import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { CommandId, paletteUse, type CommandIdValue } from '../../src/vscode/commands/commandTable';

// package.json against the one command table: what is contributed, what the palette
// offers, what is registered through the one CommandRunner, and what messages name.
// (views.test.ts and paletteCommands.test.ts check the same inside a running editor.)

const root = join(__dirname, '..', '..', '..');

interface Manifest {
  contributes: {
    commands: { command: string; title: string; category?: string }[];
    menus: Record<string, { command: string; when?: string }[]>;
    views: Record<string, { id: string; when?: string }[]>;
    viewsWelcome: { view: string; contents: string; when?: string }[];
  };
}

const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Manifest;
const tableIds = Object.values(CommandId) as CommandIdValue[];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : name.endsWith('.ts') ? [path] : [];
  });
}

/** Ids registered as `….register(CommandId.key, …)`, the only shape the runner is called in. */
export function registeredKeys(text: string): string[] {
  return [...text.matchAll(/\.register\(\s*CommandId\.(\w+)\s*,/g)].map((match) => match[1] ?? '');
}

/** Command titles a message names as "DevOps: Title", outside comments. */
export function namedPaletteTitles(text: string): string[] {
  return text
    .split('\n')
    .filter((line) => !/^\s*(\/\/|\*|\/\*)/.test(line))
    .flatMap((line) => [...line.matchAll(/"(DevOps: [^"]+)"/g)].map((match) => match[1] ?? ''));
}

describe('the command table and package.json', () => {
  const sources = sourceFiles(join(root, 'src')).map((file) => ({ file: relative(root, file), text: readFileSync(file, 'utf8') }));
  const paletteHidden = new Set((manifest.contributes.menus.commandPalette ?? []).filter((entry) => entry.when === 'false').map((entry) => entry.command));
  const contributed = manifest.contributes.commands.map((command) => command.command);

  it('reads registrations and named commands the way the sources write them', () => {
    assert.deepEqual(registeredKeys("own(commands.register(CommandId.refresh, reloadAll));\ncommands.register(\n  CommandId.ciCancel, (arg) => x)"), ['refresh', 'ciCancel']);
    assert.deepEqual(registeredKeys("signIns.register(commands); vscode.commands.executeCommand(CommandId.refresh)"), []);
    assert.deepEqual(namedPaletteTitles(`throw new E('set one with "DevOps: Set GitLab Token"');\n// like "DevOps: build"\n * "DevOps: x"`), ['DevOps: Set GitLab Token']);
  });

  it('contributes every command of the table except the internal ones, and nothing else', () => {
    const expected = tableIds.filter((id) => paletteUse(id) !== 'internal').sort();
    assert.deepEqual([...contributed].sort(), expected);
    assert.equal(new Set(contributed).size, contributed.length, 'no command is contributed twice');
  });

  it('hides from the palette exactly the commands that need a row or an argument', () => {
    const hidden = tableIds.filter((id) => paletteUse(id) === 'hidden').sort();
    assert.deepEqual([...paletteHidden].sort(), hidden);
  });

  it('registers every command of the table through the one CommandRunner, once', () => {
    const direct = sources.filter(({ file, text }) => /registerCommand\(/.test(text) && !file.endsWith('commandStubs.ts')).map(({ file }) => file);
    assert.deepEqual(direct, [], 'only CommandStubs (which the CommandRunner registers through) calls vscode.commands.registerCommand');
    const keys = sources.flatMap(({ text }) => registeredKeys(text));
    assert.deepEqual([...keys].sort(), Object.keys(CommandId).sort(), 'each key of CommandId is registered exactly once');
  });

  it('names only commands of the palette in messages ("DevOps: …")', () => {
    const titles = new Set(
      manifest.contributes.commands.filter((command) => !paletteHidden.has(command.command)).map((command) => `${command.category ? `${command.category}: ` : ''}${command.title}`),
    );
    const named = sources.flatMap(({ file, text }) => namedPaletteTitles(text).map((title) => ({ file, title })));
    assert.ok(named.length >= 2, `messages name the sign-in commands, found ${JSON.stringify(named)}`);
    for (const { file, title } of named) assert.ok(titles.has(title), `${file} names "${title}", which the palette does not offer`);
  });

  it('menus and welcome buttons run contributed commands', () => {
    const known = new Set(contributed);
    for (const [menu, entries] of Object.entries(manifest.contributes.menus)) {
      for (const entry of entries) assert.ok(known.has(entry.command), `${menu} names ${entry.command}`);
    }
    for (const welcome of manifest.contributes.viewsWelcome) {
      for (const [, id] of welcome.contents.matchAll(/\(command:([\w.]+)\)/g)) {
        assert.ok(known.has(id ?? '') || !(id ?? '').startsWith('devops.'), `the welcome of ${welcome.view} runs ${id}`);
      }
    }
  });

  it('has no welcome that its view\'s own `when` keeps from ever showing', () => {
    const views = Object.values(manifest.contributes.views).flat();
    for (const welcome of manifest.contributes.viewsWelcome) {
      const shownWhen = views.find((view) => view.id === welcome.view)?.when;
      if (!shownWhen || !welcome.when) continue;
      const never = [`!${shownWhen}`, `${shownWhen} == false`, `!(${shownWhen})`];
      assert.ok(!never.includes(welcome.when.replace(/\s+/g, ' ').trim()), `the ${welcome.view} welcome "${welcome.contents.slice(0, 40)}…" needs ${welcome.when}, but the view shows only when ${shownWhen}`);
    }
  });
});
