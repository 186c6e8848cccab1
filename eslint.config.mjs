import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const vscodePath = { name: 'vscode', message: "Only src/vscode/ and src/extension.ts may import 'vscode'." };
// Every process starts through the ProcessRunner port, which checks trust and approvals;
// src/backends/process/nodeProcessRunner.ts is the one file that spawns.
const processPaths = ['node:child_process', 'child_process'].map((name) => ({ name, message: 'Start processes through the ProcessRunner port (the gated runner checks trust and approvals).' }));
const gitPaths = [{ name: 'simple-git', message: 'Use the Git port (src/backends/git/gitCli.ts): it runs git through the ProcessRunner.' }];
const restrict = (...paths) => ({ 'no-restricted-imports': ['error', { paths }] });

// Node replaces a timer delay past 2^31-1 ms by 1 ms; src/core/safeTimers.ts clamps it instead.
const timerMessage = 'Use src/core/safeTimers.ts: a delay from devops.yaml or a server must not overflow into 1 ms.';
const timerPaths = ['node:timers/promises', 'timers/promises'].map((name) => ({ name, message: timerMessage }));
const safeTimers = {
  'no-restricted-globals': ['error', { name: 'setTimeout', message: timerMessage }, { name: 'setInterval', message: timerMessage }],
  'no-restricted-properties': ['error', { object: 'AbortSignal', property: 'timeout', message: timerMessage }],
};

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', 'demo/**', 'media/**', 'test-results/**', '.vscode-test/**', 'bench/results.json', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' },
        // The `z` object drags every zod locale into the bundle (+350 KB); the namespace import lets esbuild drop them.
        { selector: "ImportDeclaration[source.value='zod'][importKind='value'] > ImportSpecifier[imported.name='z']", message: "Use `import * as z from 'zod'`." },
      ],
    },
  },
  { files: ['src/**/*.ts'], rules: restrict(...processPaths, ...gitPaths, ...timerPaths) },
  { files: ['src/**/*.ts'], ignores: ['src/webview/**'], rules: safeTimers },
  { files: ['src/core/**', 'src/backends/**', 'src/protocol/**', 'src/webview/**', 'src/cli/**'], rules: restrict(vscodePath, ...processPaths, ...gitPaths, ...timerPaths) },
  { files: ['src/backends/process/nodeProcessRunner.ts'], rules: restrict(vscodePath, ...timerPaths) },
  // Browser code is typed with the DOM library, which the main tsconfig leaves out.
  { files: ['src/webview/**/*.ts'], languageOptions: { parserOptions: { projectService: false, project: './tsconfig.webview.json', tsconfigRootDir: import.meta.dirname } } },
  {
    files: ['test/**'],
    rules: {
      '@typescript-eslint/no-unused-expressions': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
);
