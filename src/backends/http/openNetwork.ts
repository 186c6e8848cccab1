import type { NetworkGate } from '../../core/ports';

/**
 * The gate of the CLI: the user ran it in their own shell on a file they chose, as
 * they would run git or curl, so no connection is refused. The editor never uses it;
 * it hands its backends the trust-checked gate instead.
 */
export const openNetwork: NetworkGate = {
  open: () => undefined,
};
