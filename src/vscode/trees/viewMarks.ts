// Performance marks around a view's first rows; `npm run bench` reads them
// (scripts/measureActivation.mjs: activation.firstViewMs and activation.viewAskMs).

/** Set when the workbench first asks a view for its rows. */
export const firstAskMark = (viewId: string): string => `devops-loop/firstAsk/${viewId}`;

/** Set when a view first hands the workbench rows. */
export const firstRowsMark = (viewId: string): string => `devops-loop/firstRows/${viewId}`;
