import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { originUrl, parseRemoteUrl } from '../../../src/backends/scaffold/gitRemote';
import { parseDevopsConfig } from '../../../src/core/config/loader';
import { repoAt, scaffold, tempRepo, type TempRepo } from './scaffoldKit';

// CI files → pipeline.ci entries for the origin remote, read from real git repositories
// (`git init`, `git remote add`, `git worktree add`) without starting git.
const workflow = 'name: CI\non:\n  push:\n    branches: [main]\n  pull_request:\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: npm ci && npm test\n';
const gitlabCi = 'stages: [test]\n\nunit:\n  stage: test\n  image: node:20\n  script:\n    - npm ci\n    - npm test\n';

describe('the scaffold reads CI files and the origin remote', () => {
  let repo: TempRepo;
  beforeEach(() => {
    repo = tempRepo();
    repo.git('init', '--quiet', '--initial-branch=main');
  });
  afterEach(() => repo.remove());

  it('GitHub workflows give a GitHub entry for the origin repository (SSH remote)', async () => {
    repo.git('remote', 'add', 'origin', 'git@github.com:acme/shop.git');
    repo.git('remote', 'add', 'upstream', 'git@github.com:someone-else/shop.git');
    repo.write({ '.github/workflows/ci.yml': workflow, 'package.json': '{"scripts":{"test":"jest"}}' });
    const { config, notes } = await scaffold(repo.root);
    assert.deepEqual(config.pipeline?.ci?.map((e) => [e.provider, e.repository, e.baseUrl]), [['github', 'acme/shop', undefined]]);
    assert.deepEqual(notes, []);
  });

  it('a GitLab project on its own host keeps the path with subgroups, and never a token of the remote URL', async () => {
    repo.git('remote', 'add', 'origin', 'https://oauth2:glpat-SECRET@gitlab.example.com:8443/platform/backend/orders.git');
    repo.write({ '.gitlab-ci.yml': gitlabCi });
    const { config, text } = await scaffold(repo.root);
    assert.deepEqual(config.pipeline?.ci?.map((e) => [e.provider, e.project, e.baseUrl]), [['gitlab', 'platform/backend/orders', 'https://gitlab.example.com:8443']]);
    assert.doesNotMatch(text, /SECRET|oauth2/);
  });

  it('gitlab.com needs no baseUrl', async () => {
    repo.git('remote', 'add', 'origin', 'https://gitlab.com/acme/shop.git');
    repo.write({ '.gitlab-ci.yml': gitlabCi });
    const { config } = await scaffold(repo.root);
    assert.deepEqual(config.pipeline?.ci, [{ provider: 'gitlab', project: 'acme/shop', watchBranches: [] }]);
  });

  it('all three CI files: GitHub and GitLab active, Jenkins commented in place and valid once uncommented', async () => {
    repo.git('remote', 'add', 'origin', 'ssh://git@github.example.com:2222/acme/shop.git');
    repo.write({ '.github/workflows/ci.yml': workflow, '.github/workflows/release.yaml': workflow, '.gitlab-ci.yml': gitlabCi, Jenkinsfile: 'pipeline { agent any }\n', Makefile: 'test:\n\tgo test ./...\n' });
    const { config, text, printed } = await scaffold(repo.root);
    assert.deepEqual(config.pipeline?.ci?.map((e) => [e.provider, e.baseUrl]), [['github', 'https://github.example.com/api/v3'], ['gitlab', 'https://github.example.com']]);
    assert.deepEqual(printed, [
      '.github/workflows/ci.yml:1: note: the origin remote is on github.example.com: the GitHub entry assumes GitHub Enterprise Server there (its API at /api/v3)',
      "Jenkinsfile:1: note: a Jenkins entry is written commented out in devops.yaml: fill in the server's URL and the job, then uncomment it",
    ]);
    // What a user does next: uncomment the Jenkins entry, put in the server, and check passes.
    const uncommented = text.replace(/^(\s*)# (- provider: jenkins| {2}baseUrl: | {2}job: )/gm, '$1$2').replace('https://jenkins.example.com/', 'https://ci.acme.test/');
    const { config: after, problems } = parseDevopsConfig(uncommented, 'devops.yaml');
    assert.deepEqual(problems, [], uncommented);
    assert.deepEqual(after?.pipeline?.ci?.map((e) => e.provider), ['github', 'gitlab', 'jenkins']);
    assert.equal(after?.pipeline?.ci?.[2].baseUrl, 'https://ci.acme.test/');
  });

  it('without an origin remote the GitHub entry is left for the user, with a note', async () => {
    repo.write({ '.github/workflows/ci.yml': workflow });
    const { config, text, printed } = await scaffold(repo.root);
    assert.equal(config.pipeline?.ci, undefined);
    assert.match(text, /#\s+- provider: github\n#\s+repository: OWNER\/NAME/);
    assert.deepEqual(printed, ['.github/workflows/ci.yml:1: note: no origin remote was found: the GitHub entry is written commented out; fill in owner/name and uncomment it']);
  });

  it('a linked worktree reads the origin from the main repository through its .git file', async () => {
    repo.git('remote', 'add', 'origin', 'https://github.com/acme/shop');
    repo.git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '--quiet', '--allow-empty', '-m', 'init');
    const worktree = join(repo.root, '..', `${repo.root.split('/').pop() ?? 'x'}-feature`);
    repo.git('worktree', 'add', '--quiet', worktree);
    try {
      repoAt(worktree).write({ '.github/workflows/ci.yml': workflow });
      const { config } = await scaffold(worktree);
      assert.deepEqual(config.pipeline?.ci?.map((e) => e.repository), ['acme/shop']);
    } finally {
      repo.git('worktree', 'remove', '--force', worktree);
    }
  });
});

describe('origin remotes', () => {
  it('reads url of [remote "origin"] only, as git writes config', () => {
    const config = '[core]\n\trepositoryformatversion = 0\n[remote "upstream"]\n\turl = git@github.com:a/b.git\n[remote "origin"]\n\tfetch = +refs/heads/*:refs/remotes/origin/*\n\turl = https://github.com/acme/shop.git ; mirror\n[branch "main"]\n\tremote = origin\n';
    assert.equal(originUrl(config), 'https://github.com/acme/shop.git');
    assert.equal(originUrl('[remote "origin-old"]\n\turl = x:y/z\n'), undefined);
  });

  it('parses the URL forms git accepts and refuses what is no repository path', () => {
    assert.deepEqual(parseRemoteUrl('git@github.com:acme/shop.git'), { host: 'github.com', path: 'acme/shop' });
    assert.deepEqual(parseRemoteUrl('https://user:tok@GitLab.example.com:8443/g/s/p.git'), { host: 'gitlab.example.com', webPort: 8443, path: 'g/s/p' });
    assert.deepEqual(parseRemoteUrl('ssh://git@host.example:2222/g/p.git'), { host: 'host.example', path: 'g/p' });
    assert.equal(parseRemoteUrl('/srv/git/shop.git'), undefined);
    assert.equal(parseRemoteUrl('file:///srv/git/acme/shop.git'), undefined);
    assert.equal(parseRemoteUrl('https://github.com/acme/../../etc'), undefined);
    assert.equal(parseRemoteUrl('git@github.com:acme/$(id)'), undefined);
  });
});
