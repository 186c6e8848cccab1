/**
 * Stage names in dependency order: every stage after the stages it needs, otherwise in
 * the order the file declares them. Stages caught in a cycle (the loader reports those)
 * come last, in declaration order, so a view still shows them all.
 */
export function stageOrder(stages: Readonly<Record<string, { needs: readonly string[] }>>): string[] {
  const names = Object.keys(stages);
  const placed = new Set<string>();
  const order: string[] = [];
  let progress = true;
  while (progress) {
    progress = false;
    for (const name of names) {
      if (placed.has(name)) continue;
      const needs = stages[name].needs.filter((need) => need in stages);
      if (needs.every((need) => placed.has(need))) {
        placed.add(name);
        order.push(name);
        progress = true;
      }
    }
  }
  return [...order, ...names.filter((name) => !placed.has(name))];
}
