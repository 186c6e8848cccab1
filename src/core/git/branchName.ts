// Branch names from items ("feature/{id}-{slug}") and back: which item a branch is for.

/** Longest slug kept; branch names stay readable in the status bar and in `git branch`. */
export const defaultSlugLength = 40;

/** Lowercase ASCII words joined by dashes: "Fix: Ünïcode login (SSO)" → "fix-unicode-login-sso". */
export function slugify(title: string, maxLength = defaultSlugLength): string {
  const ascii = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (ascii.length <= maxLength) return ascii;
  // Cut at a word boundary when one is near, so no half words end the name.
  const cut = ascii.slice(0, maxLength);
  const lastDash = cut.lastIndexOf('-');
  return (lastDash >= maxLength / 2 ? cut.slice(0, lastDash) : cut).replace(/-+$/, '');
}

/** The id as it may appear in a ref name: "#42" → "42", "PROJ-7" stays. */
export function branchIdPart(id: string): string {
  return id.replace(/[^A-Za-z0-9._-]+/g, '').replace(/^[.-]+/, '');
}

/**
 * Fills a template with {id}, {slug}, {title} (same as slug) and {status}; the result
 * is cleaned so that git accepts it (no "..", no spaces, no trailing "/" or ".lock").
 */
export function branchNameFor(item: { id: string; title: string }, template: string, maxSlugLength = defaultSlugLength): string {
  const slug = slugify(item.title, maxSlugLength);
  const filled = template
    .replace(/\{id\}/g, branchIdPart(item.id))
    .replace(/\{(slug|title)\}/g, slug);
  return [...filled]
    .map((c) => (c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f ? '-' : c))
    .join('')
    .replace(/[\s~^:?*[\\]+/g, '-')
    .replace(/\.{2,}/g, '.')
    .replace(/@\{/g, '-')
    .replace(/\/{2,}/g, '/')
    .replace(/-{2,}/g, '-')
    .replace(/(^[/.-]+)|([/.-]+$)/g, '')
    .replace(/\.lock$/, '')
    .replace(/-(?=\/)|(?<=\/)-/g, '');
}

/**
 * The id of the item a branch was made for, among known ids: the template's text
 * before {id} must match, then the id, then the end or a separator. The longest id
 * wins, so "DL-10" never claims a branch of "DL-101".
 */
export function itemIdForBranch(branch: string | undefined, ids: Iterable<string>, template: string): string | undefined {
  if (!branch) return undefined;
  const at = template.indexOf('{id}');
  if (at < 0) return undefined;
  const prefix = template.slice(0, at);
  if (!branch.startsWith(prefix)) return undefined;
  const rest = branch.slice(prefix.length).toLowerCase();
  let best: string | undefined;
  let bestLength = 0;
  for (const id of ids) {
    const part = branchIdPart(id).toLowerCase();
    if (part.length === 0 || !rest.startsWith(part)) continue;
    const next = rest.charAt(part.length);
    if ((next === '' || /[-_/.]/.test(next)) && part.length > bestLength) {
      best = id;
      bestLength = part.length;
    }
  }
  return best;
}
