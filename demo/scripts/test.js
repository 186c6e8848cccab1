'use strict';
// test: runs tests/*.test.js (each exports `tests`: name -> function, or a "skip: why"
// string) and writes a JUnit XML report to .devops/reports/junit.xml.

const fs = require('node:fs');
const path = require('node:path');
const { DEMO_DIR } = require('./lib/stage');

const REPORT = path.join(DEMO_DIR, '.devops', 'reports', 'junit.xml');

// Newlines become &#10; so a multi-line message survives inside an attribute.
function xml(text) {
  return String(text).replace(/[<>&"\n]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', '\n': '&#10;' })[c]);
}

// The first stack frame inside the test file says where the failure is.
function failureLine(error, absoluteFile) {
  const frame = (error.stack ?? '').split('\n').find((line) => line.includes(absoluteFile));
  return frame ? Number(/:(\d+):\d+\)?$/.exec(frame)?.[1]) || undefined : undefined;
}

async function runFile(file) {
  const absolute = path.join(DEMO_DIR, file);
  const suite = { name: path.basename(file, '.test.js'), file, cases: [], time: 0 };
  for (const [name, body] of Object.entries(require(absolute).tests)) {
    const begin = process.hrtime.bigint();
    const result = { name, status: 'passed' };
    if (typeof body === 'string') {
      result.status = 'skipped';
      result.message = body.replace(/^skip:\s*/, '');
    } else {
      try {
        await body();
      } catch (error) {
        Object.assign(result, { status: 'failed', error, line: failureLine(error, absolute) });
      }
    }
    result.time = Number(process.hrtime.bigint() - begin) / 1e9;
    suite.time += result.time;
    suite.cases.push(result);
    const mark = { passed: 'ok  ', failed: 'FAIL', skipped: 'skip' }[result.status];
    console.log(`${mark} ${suite.name} > ${name}${result.line ? ` (${file}:${result.line})` : ''}`);
    if (result.error) console.log(`     ${result.error.message.split('\n').join('\n     ')}`);
  }
  return suite;
}

function toJunit(suites) {
  const count = (status) => suites.reduce((n, s) => n + s.cases.filter((c) => c.status === status).length, 0);
  const total = suites.reduce((n, s) => n + s.cases.length, 0);
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="demo-shop" tests="${total}" failures="${count('failed')}" skipped="${count('skipped')}">`,
  ];
  for (const suite of suites) {
    const failures = suite.cases.filter((c) => c.status === 'failed').length;
    const skipped = suite.cases.filter((c) => c.status === 'skipped').length;
    const counts = `tests="${suite.cases.length}" failures="${failures}" skipped="${skipped}" time="${suite.time.toFixed(3)}"`;
    out.push(`  <testsuite name="${xml(suite.name)}" file="${xml(suite.file)}" ${counts}>`);
    for (const c of suite.cases) {
      const where = `file="${xml(suite.file)}"${c.line ? ` line="${c.line}"` : ''}`;
      const open = `    <testcase classname="${xml(suite.name)}" name="${xml(c.name)}" ${where} time="${c.time.toFixed(3)}"`;
      if (c.status === 'passed') out.push(`${open}/>`);
      if (c.status === 'skipped') out.push(`${open}>`, `      <skipped message="${xml(c.message)}"/>`, '    </testcase>');
      if (c.status === 'failed') {
        out.push(`${open}>`, `      <failure message="${xml(c.error.message)}" type="${xml(c.error.name)}">${xml(c.error.stack)}</failure>`, '    </testcase>');
      }
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>', '');
  return out.join('\n');
}

async function main() {
  const files = fs.readdirSync(path.join(DEMO_DIR, 'tests')).filter((f) => f.endsWith('.test.js')).sort().map((f) => `tests/${f}`);
  const suites = [];
  for (const file of files) suites.push(await runFile(file));
  fs.mkdirSync(path.dirname(REPORT), { recursive: true });
  fs.writeFileSync(REPORT, toJunit(suites));
  const cases = suites.flatMap((s) => s.cases);
  const failed = cases.filter((c) => c.status === 'failed').length;
  const skipped = cases.filter((c) => c.status === 'skipped').length;
  console.log(`test: ${cases.length - failed - skipped} passed, ${failed} failed, ${skipped} skipped -> ${path.relative(DEMO_DIR, REPORT)}`);
  process.exitCode = failed > 0 ? 1 : 0;
}

main().catch((error) => {
  console.error(`test: ${error.stack}`);
  process.exitCode = 1;
});
