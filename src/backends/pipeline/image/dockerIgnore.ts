// The patterns of a build context's .dockerignore, as `docker build` reads them: one per
// line, `#` comments, `!` to keep again, `*` and `?` within one path part, `**` across
// parts; the last matching line decides. A folder that is left out takes everything in it.

interface IgnoreRule {
  pattern: RegExp;
  keep: boolean;
}

export class DockerIgnore {
  private constructor(private readonly rules: readonly IgnoreRule[]) {}

  static parse(text: string): DockerIgnore {
    const rules: IgnoreRule[] = [];
    for (const raw of text.split(/\r?\n/)) {
      let line = raw.trim();
      if (line === '' || line.startsWith('#')) continue;
      const keep = line.startsWith('!');
      if (keep) line = line.slice(1).trim();
      line = line.replace(/\\/g, '/').replace(/^\/+|\/+$/g, '').replace(/^\.\/+/, '');
      if (line === '') continue;
      rules.push({ pattern: globPattern(line), keep });
    }
    return new DockerIgnore(rules);
  }

  /** True when a path of the context ("dir/file", "/"-separated) is left out of the build. */
  ignores(path: string): boolean {
    const parts = path.split('/');
    let ignored = false;
    for (const rule of this.rules) {
      // A rule matching the path or one of its folders applies to it.
      for (let i = 1; i <= parts.length; i++) {
        if (rule.pattern.test(parts.slice(0, i).join('/'))) {
          ignored = !rule.keep;
          break;
        }
      }
    }
    return ignored;
  }
}

function globPattern(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i];
    if (char === '*' && glob[i + 1] === '*') {
      // "**/" matches any number of folders, including none.
      source += glob[i + 2] === '/' ? '(?:.*/)?' : '.*';
      i += glob[i + 2] === '/' ? 2 : 1;
    } else if (char === '*') source += '[^/]*';
    else if (char === '?') source += '[^/]';
    else source += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}
