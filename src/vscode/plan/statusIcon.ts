/** Codicon and colour for a status name, recognised by common words since statuses are configurable. */
export function statusIcon(status: string): { icon: string; color?: string; done: boolean } {
  const s = status.toLowerCase();
  if (isDoneStatus(s)) return { icon: 'pass', color: 'testing.iconPassed', done: true };
  if (/block/.test(s)) return { icon: 'circle-slash', color: 'list.errorForeground', done: false };
  if (/review|qa|test/.test(s)) return { icon: 'eye', done: false };
  if (/progress|doing|active|wip/.test(s)) return { icon: 'play-circle', color: 'charts.blue', done: false };
  if (/todo|to-do|backlog|open|new/.test(s)) return { icon: 'circle-large-outline', done: false };
  return { icon: 'circle-outline', done: false };
}

export function isDoneStatus(status: string): boolean {
  return /^(done|closed|resolved|complete|completed|finished)$/i.test(status);
}
