// The pull request endpoints of the e2e's GitHub replay server, from the fixtures of
// test/fixtures/ci/github (each names the documentation page it follows): the branch's
// open pull, its detail, reviews and review threads, the base branch's protection, and
// the check runs of the pushed commit. The pull is GitHub's documented one with the
// e2e's branch, commit and item title put in; a list asked for another head is empty.
const REPO = '/repos/octo-org/octo-repo';

/** pull: { branch, sha, title }; fixture(name) reads a fixture's body. Returns a router: (method, url) => [status, body] or undefined. */
export function pullRoutes(fixture, pull) {
  const listed = fixture('pulls-list.json')[0];
  const detail = fixture('pull.json');
  const mine = (template) => ({ ...template, title: pull.title, head: { ...template.head, ref: pull.branch, label: `octo-org:${pull.branch}`, sha: pull.sha } });
  const checks = fixture('pull-check-runs.json');
  const routes = {
    [`GET ${REPO}/pulls`]: (url) => (url.searchParams.get('head') === `octo-org:${pull.branch}` ? [mine(listed)] : []),
    [`GET ${REPO}/pulls/${listed.number}`]: () => mine(detail),
    [`GET ${REPO}/pulls/${listed.number}/reviews`]: () => fixture('pull-reviews.json'),
    [`GET ${REPO}/branches/${listed.base.ref}`]: () => fixture('branch-main-protected.json'),
    [`GET ${REPO}/commits/${pull.sha}/check-runs`]: () => ({ ...checks, check_runs: checks.check_runs.map((run) => ({ ...run, head_sha: pull.sha })) }),
    'POST /graphql': () => fixture('pull-review-threads.json'),
  };
  return (method, url) => {
    const route = routes[`${method} ${url.pathname}`];
    return route ? [200, route(url)] : undefined;
  };
}
