// docker-compose and Kubernetes import, loaded when Import Services runs (see core/loadOnDemand.ts).
export { importComposeFile } from './composeImport';
export { importKubernetesFiles } from './kubernetesImport';
