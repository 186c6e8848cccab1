// Values read from files (a compose service name, a package.json script name) become part
// of command lines that devops.yaml runs through a shell. Written as one quoted word, a
// value is passed as it is: `$(…)`, backquotes, `;` and spaces in it stay text.

// Characters no POSIX shell treats specially; a word of only these needs no quotes.
const plainWord = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** The value as one POSIX shell word: unchanged when plain, else in single quotes. */
export function shellWord(value: string): string {
  if (plainWord.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
