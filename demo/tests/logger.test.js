'use strict';
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { createLogger } = require('../services/lib/logger');

exports.tests = {
  'plain and JSON lines land in the file with their level'() {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'demo-logger-'));
    try {
      const file = path.join(dir, 'x.log');
      const log = createLogger('x', file, { level: 'info' });
      log.line('warn', 'GET / 500 3ms');
      log.event('error', 'boom', { requestId: 'r1' });
      log.line('debug', 'not written below info');
      const [plain, json, ...rest] = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
      assert.match(plain, /^\d{4}-\d\d-\d\dT[\d:.]+Z WARN  \[x\] GET \/ 500 3ms$/);
      assert.deepEqual({ ...JSON.parse(json), time: undefined }, { time: undefined, level: 'error', service: 'x', msg: 'boom', requestId: 'r1' });
      assert.deepEqual(rest, []);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
};
