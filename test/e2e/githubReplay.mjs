// A local HTTP server on 127.0.0.1 answering as the GitHub REST API does, from the
// fixtures of test/fixtures/ci/github (each names the documentation page it follows):
// runs, a run's jobs, and a job's log download (302 to a signed storage URL, as GitHub
// answers), and the pull request of the e2e's branch (pullRoutes.mjs). Every API request
// must carry the token; the storage URL takes none.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { pullRoutes } from './pullRoutes.mjs';

const REPO = 'octo-org/octo-repo';
/** The failed run of workflow-runs.json and its failed job of workflow-jobs.json. */
export const FAILED_RUN = { id: '30433641', title: 'Fix flaky test', job: 'build', jobId: '399444496' };

function fixture(root, name) {
  const file = JSON.parse(readFileSync(join(root, 'test', 'fixtures', 'ci', 'github', name), 'utf8'));
  if (typeof file._source !== 'string') throw new Error(`fixture ${name} names no _source`);
  return file.lines ? `${file.lines.join('\n')}\n` : file.body;
}

/**
 * Starts the server; `requests` lists what it was asked and when (seconds from start), for the
 * failure messages. pull: { branch, sha, title } of the pull request it holds.
 */
export async function startGithubReplay(repoRoot, token, pull) {
  const runs = fixture(repoRoot, 'workflow-runs.json');
  const jobs = fixture(repoRoot, 'workflow-jobs.json');
  const log = fixture(repoRoot, 'job-log-demo-failure.json');
  const pulls = pullRoutes((name) => fixture(repoRoot, name), pull);
  const requests = [];
  const started = Date.now();
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push(`${((Date.now() - started) / 1000).toFixed(1)}s ${url.pathname}`);
    const json = (status, body) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (url.pathname === `/storage/job-${FAILED_RUN.jobId}.txt`) return void res.writeHead(200, { 'content-type': 'text/plain' }).end(log);
    if (req.headers.authorization !== `Bearer ${token}`) return void json(401, { message: 'Bad credentials' });
    if (url.pathname === `/repos/${REPO}/actions/runs`) return void json(200, runs);
    const jobsOf = new RegExp(`^/repos/${REPO}/actions/runs/(\\d+)/jobs$`).exec(url.pathname);
    if (jobsOf) return void json(200, { ...jobs, jobs: jobs.jobs.map((job) => ({ ...job, run_id: Number(jobsOf[1]) })) });
    if (url.pathname === `/repos/${REPO}/actions/jobs/${FAILED_RUN.jobId}/logs`) {
      return void res.writeHead(302, { location: `${base}/storage/job-${FAILED_RUN.jobId}.txt` }).end();
    }
    const answer = pulls(req.method, url);
    if (answer) return void json(...answer);
    json(404, { message: 'Not Found' });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${server.address().port}`;
  const close = () => {
    server.closeAllConnections();
    return new Promise((resolve) => server.close(() => resolve()));
  };
  return { base, repository: REPO, requests, close };
}
