import type * as http from 'node:http';
import { fixture, ReplayServer } from '../../../unit/ci/replayServer';

// A GitHub that keeps the pull requests of octo-org/octo-repo the way the REST API does,
// on 127.0.0.1: a POST opens a pull, check runs move on as the test says, a merge answers
// as the test says (merged, 405, 409), and a merged pull is listed as closed with merged_at.
// The payloads are GitHub's documented fixtures with the test's branch and commit put in.

export const repo = '/repos/octo-org/octo-repo';

type Json = Record<string, unknown>;

/** How the merge endpoint answers next. */
export type MergeAnswer = 'merged' | 'not-mergeable' | 'head-changed';

export class PullRequestsReplay {
  /** The pull as GitHub holds it, once opened. */
  pull: Json | undefined;
  /** The build check: running, then passed. */
  checks: 'running' | 'passed' = 'running';
  merge: MergeAnswer = 'merged';
  /** Workflow runs GitHub Actions lists (the CI Runs view and the status bar read them). */
  runs: Json[] = [];

  private constructor(readonly server: ReplayServer) {}

  static async start(): Promise<PullRequestsReplay> {
    const replay = new PullRequestsReplay(await ReplayServer.start());
    replay.route();
    return replay;
  }

  get base(): string {
    return this.server.base;
  }

  /** Bodies of the requests sent with `method` to `path`, parsed. */
  bodies(method: string, path: string): Json[] {
    return this.server.requests.filter((r) => r.method === method && r.path === path).map((r) => JSON.parse(r.body || '{}') as Json);
  }

  close(): Promise<void> {
    return this.server.close();
  }

  private route(): void {
    const json = (status: number, body: unknown) => (_req: http.IncomingMessage, res: http.ServerResponse): void => void res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    this.server
      .on('GET', repo, { json: fixture('github/repository.json') })
      .on('GET', `${repo}/actions/runs`, () => ({ json: { total_count: this.runs.length, workflow_runs: this.runs } }))
      .on('GET', `${repo}/pulls`, () => ({ json: this.pull ? [this.listed(this.pull)] : [] }))
      .on('POST', `${repo}/pulls`, (req, res) => this.open(req, res))
      .on('GET', `${repo}/pulls/1347`, () => ({ json: this.detail() }))
      .on('GET', `${repo}/pulls/1347/reviews`, { json: fixture('github/pull-reviews.json') })
      .on('GET', `${repo}/branches/trunk`, { json: { ...fixture<Json>('github/branch-main-protected.json'), name: 'trunk', protection: { enabled: true, required_status_checks: { contexts: ['build'] } } } })
      .on('POST', '/graphql', { json: fixture('github/pull-review-threads.json'), etag: false })
      .on('PUT', `${repo}/pulls/1347/merge`, (req, res) => {
        if (this.merge === 'not-mergeable') return json(405, fixture('github/pull-merge-405.json'))(req, res);
        if (this.merge === 'head-changed') return json(409, fixture('github/pull-merge-409.json'))(req, res);
        this.pull = { ...this.pull, state: 'closed', merged_at: '2026-11-27T11:00:00Z' };
        json(200, fixture('github/pull-merge-done.json'))(req, res);
      });
  }

  private open(req: http.IncomingMessage, res: http.ServerResponse): void {
    const sent = JSON.parse(this.server.requests.at(-1)?.body ?? '{}') as { title: string; body: string; head: string; base: string; draft: boolean };
    const template = fixture<Json & { head: Json; base: Json }>('github/pull-created.json');
    this.pull = { ...template, title: sent.title, body: sent.body, draft: sent.draft, head: { ...template.head, ref: sent.head, sha: this.sha }, base: { ...template.base, ref: sent.base } };
    const headPath = `${repo}/git/refs/heads/${sent.head}`;
    this.server.on('DELETE', headPath, { status: 204 });
    this.server.on('GET', `${repo}/commits/${this.sha}/check-runs`, () => ({ json: this.checkRuns() }));
    res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify(this.pull));
    void req;
  }

  /** The head commit the pull names: set by the test to what it pushed. */
  sha = '';

  private listed(pull: Json): Json {
    const { mergeable: _mergeable, mergeable_state: _state, ...listed } = pull;
    return listed;
  }

  private detail(): Json {
    const merged = typeof this.pull?.merged_at === 'string';
    const state = merged ? 'unknown' : this.checks === 'running' ? 'blocked' : 'clean';
    return { ...this.pull, merged, mergeable: merged ? null : true, mergeable_state: state };
  }

  private checkRuns(): Json {
    const runs = fixture<{ check_runs: Json[] }>('github/pull-check-runs.json').check_runs.filter((run) => run.name === 'build');
    const status = this.checks === 'running' ? { status: 'in_progress', conclusion: null } : { status: 'completed', conclusion: 'success' };
    return { total_count: runs.length, check_runs: runs.map((run) => ({ ...run, head_sha: this.sha, ...status })) };
  }
}
