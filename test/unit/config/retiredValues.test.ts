import * as assert from 'node:assert/strict';
import { parseDevopsConfig } from '../../../src/core/config/loader';
import { formatProblem } from '../../../src/core/config/problem';

// `pipeline.provider: github|gitlab|jenkins` did nothing; files that still say it get one
// error pointing at `pipeline.ci`, where CI engines are named.
describe('retired devops.yaml values', () => {
  for (const [provider, example] of [
    ['github', 'provider: github, repository: owner/name'],
    ['gitlab', 'provider: gitlab, project: group/project'],
    ['jenkins', 'provider: jenkins, baseUrl: https://jenkins.example.com/, job: folder/job'],
  ] as const) {
    it(`pipeline.provider: ${provider} is an error at the value that says to use pipeline.ci`, () => {
      const text = `version: 1\npipeline:\n  provider: ${provider}\n  stages:\n    test: { run: npm test }\n`;
      const { config, problems } = parseDevopsConfig(text, 'devops.yaml');
      assert.equal(config, undefined);
      assert.deepEqual(problems.map(formatProblem), [
        `devops.yaml:3:13: error: \`pipeline.provider: ${provider}\` is no longer supported: the pipeline runs its \`stages\` locally, and ${provider} runs are shown from \`pipeline.ci\`; remove \`provider\` and add \`ci: [{ ${example} }]\` under \`pipeline\``,
      ]);
    });
  }

  it('what the message says to write loads', () => {
    const { problems } = parseDevopsConfig('version: 1\npipeline:\n  stages:\n    test: { run: npm test }\n  ci: [{ provider: github, repository: owner/name }]\n', 'devops.yaml');
    assert.deepEqual(problems, []);
  });

  it('provider: local, which is what runs, still loads; other values are refused as before', () => {
    assert.deepEqual(parseDevopsConfig('version: 1\npipeline:\n  provider: local\n', 'devops.yaml').problems, []);
    const { problems } = parseDevopsConfig('version: 1\npipeline:\n  provider: circleci\n', 'devops.yaml');
    assert.deepEqual(problems.map((p) => `${p.line}:${p.code}`), ['3:invalid-value']);
  });
});
