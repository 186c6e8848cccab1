'use strict';
// Writes the Prometheus config that scrapes the demo services on the current port base.

const fs = require('node:fs');
const path = require('node:path');
const { portOf } = require('../../services/lib/ports');

function writePrometheusConfig(demoDir) {
  const dir = path.join(demoDir, '.devops', 'prometheus');
  const configFile = path.join(dir, 'prometheus.yml');
  const dataDir = path.join(dir, 'data');
  fs.mkdirSync(dataDir, { recursive: true });
  const targets = ['web', 'api', 'store'].map((name) => `'127.0.0.1:${portOf(name)}'`).join(', ');
  fs.writeFileSync(
    configFile,
    ['global:', '  scrape_interval: 5s', 'scrape_configs:', '  - job_name: demo', `    static_configs: [{ targets: [${targets}] }]`, ''].join('\n'),
  );
  return { configFile, dataDir };
}

module.exports = { writePrometheusConfig };
