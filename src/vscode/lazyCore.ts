// zod and yaml are most of the extension bundle. Importing the parser on first use
// (the bundler turns these into lazily initialised modules) keeps their start-up cost
// out of the extension's load and activation; the first read happens after activate().

export const loadConfigParser = (): Promise<typeof import('../core/config/loader.js')> => import('../core/config/loader.js');
