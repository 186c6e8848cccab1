// Compose substitutes variables in a file's values before it reads them: `$VAR`, `${VAR}`,
// `${VAR:-default}`, `${VAR-default}`, `${VAR:?message}`, `${VAR:+other}`, `$$` for a
// dollar, and defaults that hold variables themselves. Ports and healthchecks of real
// stacks are written this way ("${WEB_PORT-9000}:9000"), so the import substitutes too,
// from the values of the project's `.env` file when it has one.

/** A value with its variables substituted, or the first variable that has no value. */
export type Interpolated = { text: string } | { missing: string };

const name = /^[A-Za-z_][A-Za-z0-9_]*/;

export function interpolate(value: string, env: Readonly<Record<string, string>>): Interpolated {
  let out = '';
  for (let i = 0; i < value.length; ) {
    const dollar = value.indexOf('$', i);
    if (dollar < 0) {
      out += value.slice(i);
      break;
    }
    out += value.slice(i, dollar);
    const next = value[dollar + 1];
    if (next === '$') {
      out += '$';
      i = dollar + 2;
    } else if (next === '{') {
      const close = matchingBrace(value, dollar + 1);
      if (close < 0) return { text: out + value.slice(dollar) };
      const result = braced(value.slice(dollar + 2, close), env);
      if ('missing' in result) return result;
      out += result.text;
      i = close + 1;
    } else {
      const match = name.exec(value.slice(dollar + 1));
      if (!match) {
        out += '$';
        i = dollar + 1;
        continue;
      }
      const found = env[match[0]];
      if (found === undefined) return { missing: match[0] };
      out += found;
      i = dollar + 1 + match[0].length;
    }
  }
  return { text: out };
}

function braced(inner: string, env: Readonly<Record<string, string>>): Interpolated {
  const match = name.exec(inner);
  if (!match) return { text: '' };
  const variable = match[0];
  const rest = inner.slice(variable.length);
  const value = env[variable];
  const operator = /^(:?[-?+])/.exec(rest)?.[1];
  const argument = operator ? rest.slice(operator.length) : '';
  const unsetOrEmpty = value === undefined || (operator?.startsWith(':') === true && value === '');
  switch (operator) {
    case '-':
    case ':-':
      return unsetOrEmpty ? interpolate(argument, env) : { text: value ?? '' };
    case '+':
    case ':+':
      return unsetOrEmpty ? { text: '' } : interpolate(argument, env);
    case '?':
    case ':?':
      return unsetOrEmpty ? { missing: variable } : { text: value ?? '' };
    default:
      return value === undefined ? { missing: variable } : { text: value };
  }
}

function matchingBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

/** `.env` text as compose reads it: KEY=value lines, `#` comments, optional quotes and `export`. */
export function parseDotEnv(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const match = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(raw);
    if (!match) continue;
    let value = match[2].trim();
    const quote = value[0];
    if ((quote === '"' || quote === "'") && value.length > 1 && value.endsWith(quote)) value = value.slice(1, -1);
    else value = value.replace(/\s+#.*$/, '');
    env[match[1]] = value;
  }
  return env;
}
