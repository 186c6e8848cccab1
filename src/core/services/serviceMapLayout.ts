// Positions for the service map webview, computed by dagre (layered graph layout) in the
// extension host; the webview only draws. Dependencies point down: a service sits above
// what it depends on. Cycles are fine: dagre reverses an edge to break them.
import type { ServiceGraph } from './serviceGraph';

// dagre's bundled types are ESM-only while this code is CommonJS (it loads dagre's "require"
// build), so the little of its API used here is typed locally.
interface DagreGraph {
  setGraph(label: Record<string, unknown>): void;
  setDefaultEdgeLabel(make: () => Record<string, unknown>): void;
  setNode(id: string, label: { width: number; height: number }): void;
  hasNode(id: string): boolean;
  setEdge(from: string, to: string): void;
  node(id: string): { x?: number; y?: number; width?: number; height?: number };
  edges(): { v: string; w: string }[];
  edge(e: { v: string; w: string }): { points?: { x: number; y: number }[] };
  graph(): { width?: number; height?: number };
}
interface DagreModule {
  Graph: new (options?: { multigraph?: boolean }) => DagreGraph;
  layout: (graph: DagreGraph) => void;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Graph, layout } = require('@dagrejs/dagre') as DagreModule;

/** A service's box. */
export interface MapNode {
  /** Service name. */
  id: string;
  /** Centre x. */
  x: number;
  /** Centre y. */
  y: number;
  /** Box width. */
  width: number;
  /** Box height. */
  height: number;
}

/** A dependency arrow, from the dependent to what it needs. */
export interface MapEdge {
  /** Dependent service. */
  from: string;
  /** Service depended on. */
  to: string;
  /** Polyline points, start to end. */
  points: { x: number; y: number }[];
}

export interface ServiceMapLayout {
  /** Boxes. */
  nodes: MapNode[];
  /** Arrows. */
  edges: MapEdge[];
  /** Size of the whole drawing. */
  width: number;
  /** Size of the whole drawing. */
  height: number;
}

export interface MapLayoutOptions {
  /** Box width per label character, default 7.5 px; labels are names. */
  charWidth?: number;
  /** Box height, default 36. */
  nodeHeight?: number;
  /** Top-to-bottom (default) or left-to-right. */
  direction?: 'TB' | 'LR';
}

export function layoutServiceMap(graph: Pick<ServiceGraph, 'names' | 'dependsOn'>, options: MapLayoutOptions = {}): ServiceMapLayout {
  const g = new Graph({ multigraph: false });
  // tight-tree ranks nearly as well as network-simplex at a fraction of its time on 100+ nodes.
  g.setGraph({ rankdir: options.direction ?? 'TB', nodesep: 24, ranksep: 48, marginx: 16, marginy: 16, ranker: 'tight-tree' });
  g.setDefaultEdgeLabel(() => ({}));
  const height = options.nodeHeight ?? 36;
  const charWidth = options.charWidth ?? 7.5;
  for (const name of graph.names) g.setNode(name, { width: Math.max(64, Math.round(name.length * charWidth) + 32), height });
  for (const name of graph.names) {
    for (const dep of graph.dependsOn.get(name) ?? []) if (dep !== name && g.hasNode(dep)) g.setEdge(name, dep);
  }
  layout(g);
  const nodes: MapNode[] = graph.names.map((id) => {
    const n = g.node(id);
    return { id, x: n.x ?? 0, y: n.y ?? 0, width: n.width ?? 0, height: n.height ?? 0 };
  });
  const edges: MapEdge[] = g.edges().map((e) => ({
    from: e.v,
    to: e.w,
    points: (g.edge(e).points ?? []).map((p) => ({ x: p.x, y: p.y })),
  }));
  const label = g.graph();
  return { nodes, edges, width: label.width ?? 0, height: label.height ?? 0 };
}
