// simple-git and its helpers, loaded on first git use (see core/loadOnDemand.ts).
export { simpleGit } from 'simple-git';
