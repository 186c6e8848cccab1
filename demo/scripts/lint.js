'use strict';
// lint: a few house rules over the demo's own .js files. Problems print as
// `file:line:col: error|warning: message (rule)`, the shape problem matchers read.

const fs = require('node:fs');
const path = require('node:path');
const { DEMO_DIR, failRequested, sourceFiles } = require('./lib/stage');

const MAX_LINE = 160;

function lintFile(file) {
  const problems = [];
  const add = (line, col, severity, message, rule) => problems.push({ file, line, col, severity, message, rule });
  const lines = fs.readFileSync(path.join(DEMO_DIR, file), 'utf8').split('\n');
  if (!lines.slice(0, 3).some((l) => l.trim() === "'use strict';")) add(1, 1, 'error', "missing 'use strict'", 'strict');
  lines.forEach((text, index) => {
    const line = index + 1;
    const trailing = /[ \t]+$/.exec(text);
    if (trailing) add(line, trailing.index + 1, 'error', 'trailing whitespace', 'no-trailing-spaces');
    const tab = text.indexOf('\t');
    if (tab >= 0 && /^\s*$/.test(text.slice(0, tab))) add(line, tab + 1, 'error', 'indent with spaces, not tabs', 'no-tabs');
    if (/^\s*debugger\s*;?\s*$/.test(text)) add(line, text.search(/\S/) + 1, 'error', 'debugger statement', 'no-debugger');
    if (text.length > MAX_LINE) add(line, MAX_LINE + 1, 'warning', `line longer than ${MAX_LINE} characters`, 'max-len');
  });
  return problems;
}

const files = sourceFiles();
const problems = files.flatMap(lintFile);
for (const p of problems) console.log(`${p.file}:${p.line}:${p.col}: ${p.severity}: ${p.message} (${p.rule})`);
const errors = problems.filter((p) => p.severity === 'error').length;
console.log(`lint: ${files.length} files, ${errors} error(s), ${problems.length - errors} warning(s)`);
if (failRequested('lint')) console.error('lint: failing on request (DEVOPS_DEMO_FAIL=lint)');
process.exitCode = errors > 0 || failRequested('lint') ? 1 : 0;
