// CI polling cost over one simulated hour (injected clock, no real waiting): a GitHub
// replay server on 127.0.0.1 with 10 runs in the Pipeline view, 3 of them running and
// finishing at minutes 15, 25 and 40, the first one expanded (its jobs watched), and the
// pull request of the checked-out branch in the Plan view, its checks running until
// minute 15. Counts the requests sent (runs, jobs and the pull's) and the share answered 304.
import * as http from 'node:http';
import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { GithubActionsProvider } from '../src/backends/ci/github/githubActionsProvider';
import { GithubPullRequests } from '../src/backends/pullRequests/github/githubPullRequests';
import { PullRequestModel } from '../src/core/pullRequests/pullRequestModel';
import { CiRunsModel } from '../src/core/ci/ciRunsModel';
import { RefreshScheduler } from '../src/core/refresh/refreshScheduler';
import { ManualTimers } from '../src/core/refresh/timers';
import { openNetwork } from '../src/backends/http/openNetwork';

const start = Date.parse('2026-11-27T10:00:00Z');
const finishMinutes = [15, 25, 40];

function runsAt(now: number): unknown {
  const runs = Array.from({ length: 10 }, (_, i) => {
    const running = i < 3 && now < start + finishMinutes[i] * 60_000;
    const created = new Date(start - i * 600_000).toISOString();
    return {
      id: 1000 - i,
      name: 'CI',
      display_title: `commit ${i}`,
      run_number: 500 - i,
      head_branch: 'main',
      head_sha: `${i}`.repeat(40),
      status: running ? 'in_progress' : 'completed',
      conclusion: running ? null : i === 1 ? 'failure' : 'success',
      event: 'push',
      created_at: created,
      run_started_at: created,
      updated_at: running ? created : new Date(start + (finishMinutes[i] ?? 0) * 60_000).toISOString(),
      actor: { login: 'octocat' },
      html_url: `https://github.com/o/r/actions/runs/${1000 - i}`,
    };
  });
  return { total_count: runs.length, workflow_runs: runs };
}

function jobsAt(now: number): unknown {
  // The watched run's jobs move on every 5 minutes until it finishes at minute 15.
  const stepsDone = Math.min(3, Math.floor((now - start) / 300_000));
  const finished = now >= start + 15 * 60_000;
  const steps = Array.from({ length: 4 }, (_, n) => ({ name: `step ${n + 1}`, number: n + 1, status: n < stepsDone || finished ? 'completed' : 'in_progress', conclusion: n < stepsDone || finished ? 'success' : null }));
  return { total_count: 1, jobs: [{ id: 1, run_id: 1000, name: 'build', status: finished ? 'completed' : 'in_progress', conclusion: finished ? 'success' : null, steps }] };
}

const pullSha = 'f'.repeat(40);

/** The pull request's endpoints: one open pull whose one check runs until minute 15. */
function pullAnswer(path: string, now: number): unknown {
  const pull = { number: 7, title: 'Login form', html_url: 'https://github.com/o/r/pull/7', state: 'open', draft: false, updated_at: new Date(start).toISOString(), user: { login: 'octocat' }, head: { ref: 'feature/login', sha: pullSha }, base: { ref: 'main' }, requested_reviewers: [{ login: 'hubot' }] };
  if (path.endsWith('/pulls')) return [pull];
  if (path.endsWith('/pulls/7')) return { ...pull, mergeable: true, mergeable_state: now < start + 15 * 60_000 ? 'unstable' : 'clean' };
  if (path.endsWith('/pulls/7/reviews')) return [];
  if (path.endsWith('/check-runs')) {
    const done = now >= start + 15 * 60_000;
    return { total_count: 1, check_runs: [{ id: 1, name: 'build', status: done ? 'completed' : 'in_progress', conclusion: done ? 'success' : null, details_url: 'https://github.com/o/r/actions/runs/1000/job/1' }] };
  }
  if (path.endsWith('/graphql')) return { data: { repository: { pullRequest: { reviewThreads: { nodes: [] } } } } };
  return undefined;
}

export async function benchCi(): Promise<Record<string, number>> {
  const timers = new ManualTimers(start);
  let requests = 0;
  let notModified = 0;
  const server = http.createServer((req, res) => {
    requests++;
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const body = path.endsWith('/actions/runs') ? runsAt(timers.now()) : path.endsWith('/jobs') ? jobsAt(timers.now()) : pullAnswer(path, timers.now());
    if (body === undefined) return void res.writeHead(404).end();
    const text = JSON.stringify(body);
    const etag = `"${createHash('sha1').update(text).digest('hex')}"`;
    if (req.headers['if-none-match'] === etag) {
      notModified++;
      return void res.writeHead(304, { etag }).end();
    }
    res.writeHead(200, { 'content-type': 'application/json', etag }).end(text);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const scheduler = new RefreshScheduler({ timers, random: () => 0.5 });
  const provider = new GithubActionsProvider({ network: openNetwork, baseUrl: base, owner: 'o', repo: 'r', token: () => Promise.resolve('ghp_bench'), now: () => timers.now() });
  const model = new CiRunsModel({ provider, scheduler, limit: 10, now: () => timers.now() });
  const pulls = new GithubPullRequests({ network: openNetwork, baseUrl: base, owner: 'o', repo: 'r', token: () => Promise.resolve('ghp_bench'), now: () => timers.now() });
  const pullModel = new PullRequestModel({ provider: pulls, scheduler, topic: 'plan' });
  const busy = (): boolean => scheduler.status(model.jobId)?.state === 'running' || scheduler.status(pullModel.jobId)?.state === 'running';
  try {
    model.setHead('main', undefined);
    model.start();
    model.setExpanded('1000', true);
    pullModel.start();
    pullModel.setBranch('feature/login');
    const interest = scheduler.addInterest('pipeline');
    const planInterest = scheduler.addInterest('plan');
    for (let elapsed = 0; elapsed < 3_600_000; elapsed += 1000) {
      await timers.advance(1000);
      for (let i = 0; i < 2000 && busy(); i++) await new Promise((resolve) => setTimeout(resolve, 1));
    }
    if (pullModel.state.pullRequest?.checks[0]?.status !== 'succeeded') throw new Error('bench: the pull request was not followed to its finished check');
    interest.dispose();
    planInterest.dispose();
  } finally {
    pullModel.dispose();
    pulls.dispose();
    model.dispose();
    scheduler.dispose();
    provider.dispose();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
  return {
    'ci.github.requestsPerHour.watch10Runs': requests,
    'ci.github.notModifiedShare': Math.round((notModified / Math.max(1, requests)) * 1000) / 1000,
  };
}
