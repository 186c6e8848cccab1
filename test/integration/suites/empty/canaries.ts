import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { copyFile, mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';

// Canary commands for devops.yaml: each start of `node scripts/canary.js <name>` leaves a
// line in .canary/<name> of the workspace (test/fixtures/canary/canary.js), so a suite can
// count what really ran, independently of the extension's own counters.

const fixture = join(__dirname, '..', '..', '..', '..', '..', 'test', 'fixtures', 'canary', 'canary.js');

/** Puts scripts/canary.js into the workspace. */
export async function installCanary(root: string): Promise<void> {
  await mkdir(join(root, 'scripts'), { recursive: true });
  await copyFile(fixture, join(root, 'scripts', 'canary.js'));
}

/** How often the canary `name` started in this workspace. */
export function canaryStarts(root: string, name: string): number {
  const file = join(root, '.canary', name);
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean).length : 0;
}

/** Every canary that ran, by name. */
export function canariesThatRan(root: string): string[] {
  const dir = join(root, '.canary');
  return existsSync(dir) ? readdirSync(dir).sort() : [];
}

/** Removes the canary and what it recorded. */
export async function removeCanary(root: string): Promise<void> {
  await rm(join(root, '.canary'), { recursive: true, force: true });
  await rm(join(root, 'scripts', 'canary.js'), { force: true });
}
