// Test-only extension (see package.json): the e2e runs its command from the palette
// the way a user would sign in. The token, the replay server's origin and DevOps Loop's
// id come from the server's environment, which scripts/runE2e.mjs sets; the token is
// stored for exactly that origin through DevOps Loop's test API, as "Sign in to GitHub"
// stores one for a server that is neither api.github.com nor the user's Enterprise server.
const vscode = require('vscode');

exports.activate = (context) => {
  context.subscriptions.push(
    vscode.commands.registerCommand('devopsE2e.storeGithubToken', async () => {
      const { DEVOPS_E2E_EXTENSION_ID: id, DEVOPS_E2E_GITHUB_TOKEN: token, DEVOPS_E2E_GITHUB_ORIGIN: origin } = process.env;
      const extension = id ? vscode.extensions.getExtension(id) : undefined;
      if (!extension || !token || !origin) throw new Error('DEVOPS_E2E_EXTENSION_ID, DEVOPS_E2E_GITHUB_TOKEN or DEVOPS_E2E_GITHUB_ORIGIN is not set in the server environment');
      const api = await extension.activate();
      await api.credentials.store('github', origin, token);
    }),
  );
};
