// The devops.yaml scaffold with the importers it reads through, loaded when Create
// devops.yaml runs (see core/loadOnDemand.ts).
export { formatNote, scaffoldRepository } from './scaffold';
export type { Scaffold, ScaffoldNote } from './scaffold';
