// The service map layout with dagre, loaded when the map first opens (see core/loadOnDemand.ts).
export { layoutServiceMap } from './serviceMapLayout';
