'use strict';
// Log lines go straight to logs/<service>.log. Access lines are plain text, events are
// JSON, as in many real systems, so the Monitor's level detection meets both shapes.
// Each write opens the file by name, so a follower sees rotation as it really happens.

const fs = require('node:fs');
const path = require('node:path');

const LEVELS = ['debug', 'info', 'warn', 'error'];
const ROTATE_CHECK_EVERY = 200;

function createLogger(service, file, options = {}) {
  const minLevel = LEVELS.indexOf(options.level ?? process.env.LOG_LEVEL ?? 'info');
  const maxBytes = options.maxBytes ?? Number(process.env.DEVOPS_DEMO_LOG_MAX_BYTES ?? 5 * 1024 * 1024);
  let writes = 0;
  fs.mkdirSync(path.dirname(file), { recursive: true });

  function write(level, text) {
    if (LEVELS.indexOf(level) < minLevel) return;
    try {
      if (++writes % ROTATE_CHECK_EVERY === 0) rotateIfLarge(file, maxBytes);
      fs.appendFileSync(file, `${text}\n`);
      // In a container the engine's log stream is where anyone looks (docker logs, the Monitor).
      if (process.env.DEVOPS_DEMO_LOG_STDOUT === '1') process.stdout.write(`${text}\n`);
    } catch (error) {
      process.stderr.write(`${service}: cannot write ${file}: ${error.message}\n`);
    }
  }

  return {
    // Plain line: `2026-11-27T10:00:00.000Z INFO  [api] GET /api/orders 200 42ms`
    line(level, message) {
      write(level, `${new Date().toISOString()} ${level.toUpperCase().padEnd(5)} [${service}] ${message}`);
    },
    // JSON line: `{"time":"…","level":"warn","service":"api","msg":"slow store call","ms":312}`
    event(level, msg, fields = {}) {
      write(level, JSON.stringify({ time: new Date().toISOString(), level, service, msg, ...fields }));
    },
  };
}

function rotateIfLarge(file, maxBytes) {
  try {
    if (fs.statSync(file).size > maxBytes) fs.renameSync(file, `${file}.1`);
  } catch {
    // The file may not exist yet; the next append creates it.
  }
}

module.exports = { createLogger, LEVELS };
