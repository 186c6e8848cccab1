'use strict';
// The demo shop's image, built locally FROM scratch: no registry is needed (or reachable
// on many machines). It holds this machine's own node binary with the libraries `ldd`
// names, and demo/services/. The tag carries a hash of what went in, so a changed service
// or Node is rebuilt and an unchanged one is reused (on the vfs driver a build copies
// about 100 MB).

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { createHash } = require('node:crypto');
const { spawnSync } = require('node:child_process');

const DEMO_DIR = path.resolve(__dirname, '..', '..');
const NODE_IN_IMAGE = '/usr/local/bin/node';
const IMAGE_TITLE = 'devops-demo-shop';
const HEALTH_PROBE = "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))";

function serviceFiles(dir = path.join(DEMO_DIR, 'services')) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? serviceFiles(full) : entry.name.endsWith('.js') ? [full] : [];
  });
}

function sharedLibraries(binary) {
  const ldd = spawnSync('ldd', [binary], { encoding: 'utf8', timeout: 10_000 });
  if (ldd.status !== 0) throw new Error(`ldd ${binary} failed: ${ldd.stderr || ldd.error?.message}`);
  return ldd.stdout.split('\n').map((line) => /(?:=>\s*)?(\/\S+)\s+\(0x/.exec(line)?.[1]).filter(Boolean);
}

/** The tag the current services and Node would be built as: a repository per project, so a test's project never prunes a user's images. */
function shopImageTag(env = process.env) {
  if (env.DEVOPS_DEMO_IMAGE) return env.DEVOPS_DEMO_IMAGE;
  const project = env.DEVOPS_DEMO_PROJECT || 'devops-demo';
  const hash = createHash('sha256').update(process.version);
  for (const file of serviceFiles().sort()) hash.update(path.relative(DEMO_DIR, file)).update(fs.readFileSync(file));
  const version = JSON.parse(fs.readFileSync(path.join(DEMO_DIR, 'package.json'), 'utf8')).version;
  return `${project}/shop:${version}-${hash.digest('hex').slice(0, 10)}`;
}

function writeContext(context, version) {
  const root = path.join(context, 'root');
  const place = (from, to) => {
    fs.mkdirSync(path.dirname(path.join(root, to)), { recursive: true });
    fs.copyFileSync(fs.realpathSync(from), path.join(root, to));
  };
  const node = fs.realpathSync(process.execPath);
  place(node, NODE_IN_IMAGE);
  for (const library of sharedLibraries(node)) place(library, library);
  for (const file of serviceFiles()) place(file, path.join('/app', path.relative(DEMO_DIR, file)));
  fs.mkdirSync(path.join(root, 'tmp'), { recursive: true });
  fs.writeFileSync(
    path.join(context, 'Dockerfile'),
    [
      'FROM scratch',
      'COPY root/ /',
      'WORKDIR /app',
      'ENV PORT=8080 DEVOPS_DEMO_LISTEN_HOST=0.0.0.0 DEVOPS_DEMO_LOG_STDOUT=1',
      `LABEL org.opencontainers.image.title=${IMAGE_TITLE} org.opencontainers.image.version=${version}`,
      'EXPOSE 8080',
      `HEALTHCHECK --interval=5s --timeout=3s --start-period=5s --retries=3 CMD ["${NODE_IN_IMAGE}","-e",${JSON.stringify(HEALTH_PROBE)}]`,
      '',
    ].join('\n'),
  );
}

/** Builds the image unless the engine has it already; returns its tag and whether it was built now. */
async function ensureShopImage(api, env = process.env) {
  const tag = shopImageTag(env);
  if ((await api.request('GET', `/images/${encodeURIComponent(tag)}/json`)).status === 200) return { tag, built: false };
  const context = fs.mkdtempSync(path.join(os.tmpdir(), 'devops-demo-image-'));
  try {
    const version = JSON.parse(fs.readFileSync(path.join(DEMO_DIR, 'package.json'), 'utf8')).version;
    writeContext(context, version);
    const tar = spawnSync('tar', ['-C', context, '-cf', '-', '.'], { maxBuffer: 512 * 1024 * 1024 });
    if (tar.status !== 0) throw new Error(`tar failed: ${tar.stderr.toString()}`);
    const buildPath = `/build?t=${encodeURIComponent(tag)}&rm=1&forcerm=1`;
    const answer = await api.request('POST', buildPath, tar.stdout, { type: 'application/x-tar', timeoutMs: 300_000 });
    const failure = answer.text.split('\n').find((line) => line.includes('"errorDetail"'));
    if (answer.status !== 200 || failure) throw new Error(`building ${tag} failed: ${failure ?? answer.text.slice(0, 300)}`);
    return { tag, built: true };
  } finally {
    fs.rmSync(context, { recursive: true, force: true });
  }
}

/**
 * Removes the demo's earlier images in the repository of `tag` (a build per change of the
 * services or Node; on the vfs driver each holds ~100 MB in full), keeping `tag`. Untagging
 * without force: the engine refuses an image that a container, running or stopped, still
 * uses. Returns the tags removed.
 */
async function pruneShopImages(api, tag) {
  const repository = tag.slice(0, tag.lastIndexOf(':') > tag.lastIndexOf('/') ? tag.lastIndexOf(':') : tag.length);
  const filters = encodeURIComponent(JSON.stringify({ reference: [repository], label: [`org.opencontainers.image.title=${IMAGE_TITLE}`] }));
  const current = (await api.call('GET', `/images/${encodeURIComponent(tag)}/json`)).json.Id;
  const removed = [];
  for (const image of (await api.call('GET', `/images/json?filters=${filters}`)).json) {
    if (image.Id === current) continue;
    // Only this repository's tags: one the user added elsewhere keeps the image.
    for (const old of (image.RepoTags ?? []).filter((name) => name.startsWith(`${repository}:`))) {
      if ((await api.request('DELETE', `/images/${encodeURIComponent(old)}`)).status < 300) removed.push(old);
    }
  }
  return removed;
}

module.exports = { ensureShopImage, pruneShopImages, shopImageTag, NODE_IN_IMAGE };
