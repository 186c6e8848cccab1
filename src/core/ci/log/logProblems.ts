import type { Problem } from '../../config/problem';

// Errors in a CI log that point at files, as Problem records for the Problems panel:
// TypeScript (`f(l,c): error TS…` and `f:l:c - error TS…`), ESLint (unix and stylish),
// mocha/jest stack frames `at … (f:l:c)`, and a bare `f:l:c` as the last resort.

const tsClassic = /^(.+?)\((\d+),(\d+)\): (error|warning) (TS\d+): (.*)$/;
const tsPretty = /^(.+?):(\d+):(\d+) - (error|warning) (TS\d+): (.*)$/;
const eslintUnix = /^(.+?):(\d+):(\d+): (.*) \[(Error|Warning)\/(.+)\]$/;
const eslintStylishRow = /^\s+(\d+):(\d+)\s+(error|warning)\s+(.*?)(?:\s{2,}(\S+))?$/;
const stackFrame = /^\s*at (?:.*? \()?((?:file:\/\/)?(?:[A-Za-z]:)?[^():\s]+):(\d+):(\d+)\)?\s*$/;
const generic = /(?:^|[\s'"(])((?:[A-Za-z]:)?[\w@./\\-]*[\w-]\.[A-Za-z]\w{0,5}):(\d+):(\d+)(?::?\s*(.*))?/;
const pathLike = /^(?:[A-Za-z]:)?[\w@.~/\\-]+\.[A-Za-z]\w{0,5}$/;

/** Finds at most `max` (default 500) distinct problems, in log order. */
export function extractProblems(lines: readonly string[], max = 500): Problem[] {
  const found: Problem[] = [];
  const seen = new Set<string>();
  let stylishFile: string | undefined;
  let lastMessage: string | undefined;
  const add = (file: string, line: string, column: string, severity: Problem['severity'], message: string, code: string): void => {
    const problem = at(cleanPath(file), Number(line), Number(column), severity, message.trim() || 'error reported here', code);
    const key = `${problem.file}:${problem.line}:${problem.column}:${problem.message}`;
    if (problem.line < 1 || seen.has(key)) return;
    seen.add(key);
    found.push(problem);
  };
  for (const raw of lines) {
    if (found.length >= max) break;
    const line = raw.replace(/^##\[(?:error|warning)\]/, '');
    let match: RegExpExecArray | null;
    if ((match = tsClassic.exec(line)) || (match = tsPretty.exec(line))) {
      add(match[1], match[2], match[3], match[4] as Problem['severity'], match[6], match[5]);
    } else if ((match = eslintUnix.exec(line))) {
      add(match[1], match[2], match[3], match[5] === 'Error' ? 'error' : 'warning', match[4], `eslint/${match[6]}`);
    } else if (stylishFile !== undefined && (match = eslintStylishRow.exec(line))) {
      add(stylishFile, match[1], match[2], match[3] as Problem['severity'], match[4], match[5] ? `eslint/${match[5]}` : 'eslint');
      continue;
    } else if ((match = stackFrame.exec(line))) {
      if (!isLibraryFrame(match[1])) add(match[1], match[2], match[3], 'error', lastMessage ?? 'stack frame of a failure', 'stack');
      continue;
    } else if ((match = generic.exec(line))) {
      add(match[1], match[2], match[3], /warn/i.test(line) ? 'warning' : 'error', match[4] ?? line, 'location');
    }
    const trimmed = line.trim();
    stylishFile = pathLike.test(trimmed) && !/^\s/.test(line) ? trimmed : undefined;
    if (trimmed !== '') lastMessage = trimmed.slice(0, 300);
  }
  return found;
}

function at(file: string, line: number, column: number, severity: Problem['severity'], message: string, code: string): Problem {
  return { file, line, column: Math.max(1, column), endLine: line, endColumn: Math.max(1, column) + 1, severity, message, code };
}

function cleanPath(file: string): string {
  return file.replace(/^file:\/\//, '').replace(/^\.\//, '');
}

function isLibraryFrame(file: string): boolean {
  return file.startsWith('node:') || file.includes('node_modules') || file.startsWith('internal/');
}
