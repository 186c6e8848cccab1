// Test-only extension (see package.json): the e2e runs its command from the palette
// the way a user would sign in. The token and DevOps Loop's id come from the server's
// environment, which scripts/runE2e.mjs sets; the token goes to DevOps Loop's
// SecretStorage through its test API, read there because the workspace turns on
// devops.ci.github.tokenFromSecretStorage.
const vscode = require('vscode');

exports.activate = (context) => {
  context.subscriptions.push(
    vscode.commands.registerCommand('devopsE2e.storeGithubToken', async () => {
      const { DEVOPS_E2E_EXTENSION_ID: id, DEVOPS_E2E_GITHUB_TOKEN: token } = process.env;
      const extension = id ? vscode.extensions.getExtension(id) : undefined;
      if (!extension || !token) throw new Error('DEVOPS_E2E_EXTENSION_ID or DEVOPS_E2E_GITHUB_TOKEN is not set in the server environment');
      const api = await extension.activate();
      await api.ci.storeGithubToken(token);
    }),
  );
};
