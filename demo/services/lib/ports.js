'use strict';
// Where each demo process listens. DEVOPS_DEMO_PORT_BASE moves them all together, so tests
// and a second copy of the demo can run beside the default one without clashing.

const DEFAULT_BASE = 7300;
const OFFSETS = { web: 1, api: 2, store: 3, registry: 50, prometheus: 90 };

function portBase(env = process.env) {
  const raw = env.DEVOPS_DEMO_PORT_BASE;
  if (raw === undefined || raw === '') return DEFAULT_BASE;
  const base = Number(raw);
  if (!Number.isInteger(base) || base < 1024 || base > 65400) {
    throw new Error(`DEVOPS_DEMO_PORT_BASE must be an integer between 1024 and 65400, got "${raw}"`);
  }
  return base;
}

function portOf(name, env = process.env) {
  if (!(name in OFFSETS)) throw new Error(`unknown demo process "${name}"`);
  return portBase(env) + OFFSETS[name];
}

function urlOf(name, env = process.env) {
  return `http://127.0.0.1:${portOf(name, env)}`;
}

// devops.yaml names the default ports (73xx); this rewrites them for another base, so a
// copy of the demo on shifted ports still has a config that matches what runs.
function shiftPorts(text, base) {
  return text.replace(/\b73(\d\d)\b/g, (_match, offset) => String(base + Number(offset)));
}

module.exports = { DEFAULT_BASE, OFFSETS, portBase, portOf, urlOf, shiftPorts };
