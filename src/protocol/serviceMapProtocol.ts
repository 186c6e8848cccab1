// Messages between the Service Map panel and the extension. The host lays the graph out
// (dagre, in core/services/serviceMapLayout.ts); the page only draws what it is sent.
import { arrayOf, type Guard, isNumber, isRecord, isString, oneOf, shape } from './guards';

/** Health words the page colours by; the same as core HealthState. */
export const mapHealthStates = ['up', 'degraded', 'down', 'unknown'] as const;
export type MapHealth = (typeof mapHealthStates)[number];

/** A service's box, centred at (x, y). */
export interface MapNodeBox {
  /** Service name; also its id in the Services view (`services/<name>`). */
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

/** A dependency arrow from the dependent service to the one it needs. */
export interface MapArrow {
  /** Dependent service. */
  from: string;
  /** Service depended on. */
  to: string;
  /** Polyline points, start to end. */
  points: { x: number; y: number }[];
}

/** The whole drawing: positions from the layout plus health per service. */
export interface MapSnapshot {
  /** Grows with every snapshot, so the page can ignore an older one. */
  revision: number;
  /** Boxes. */
  nodes: MapNodeBox[];
  /** Arrows. */
  edges: MapArrow[];
  /** Width of the drawing. */
  width: number;
  /** Height of the drawing. */
  height: number;
  /** Health per service name. */
  health: Record<string, MapHealth>;
}

/** Extension → page. */
export type MapHostMessage =
  /** Everything to draw (after a config change). */
  | { type: 'snapshot'; snapshot: MapSnapshot }
  /** Only health changed: recolour these services. */
  | { type: 'health'; revision: number; health: Record<string, MapHealth> };

/** Page → extension. */
export type MapWebviewMessage =
  /** The page loaded and wants a snapshot. */
  | { type: 'ready' }
  /** A node was clicked: reveal this service in the Services view. */
  | { type: 'reveal'; service: string }
  /** The page drew this revision. */
  | { type: 'rendered'; revision: number; nodes: number };

const isPoint = shape<{ x: number; y: number }>({ x: isNumber, y: isNumber });
const isHealth = oneOf(mapHealthStates);
const isHealthRecord: Guard<Record<string, MapHealth>> = (v): v is Record<string, MapHealth> => isRecord(v) && Object.values(v).every((s) => isHealth(s));
const isNode = shape<MapNodeBox>({ id: isString, x: isNumber, y: isNumber, width: isNumber, height: isNumber });
const isArrow = shape<MapArrow>({ from: isString, to: isString, points: arrayOf(isPoint) });
export const isMapSnapshot: Guard<MapSnapshot> = shape<MapSnapshot>({
  revision: isNumber,
  nodes: arrayOf(isNode),
  edges: arrayOf(isArrow),
  width: isNumber,
  height: isNumber,
  health: isHealthRecord,
});

/** Checks a message from the extension; the page drops anything else. */
export function isMapHostMessage(value: unknown): value is MapHostMessage {
  return (
    shape<{ type: 'snapshot'; snapshot: MapSnapshot }>({ type: oneOf(['snapshot']), snapshot: isMapSnapshot })(value) ||
    shape<{ type: 'health'; revision: number; health: Record<string, MapHealth> }>({ type: oneOf(['health']), revision: isNumber, health: isHealthRecord })(value)
  );
}

/** Checks a message from the page; the host drops anything else. */
export function isMapWebviewMessage(value: unknown): value is MapWebviewMessage {
  return (
    shape<{ type: 'ready' }>({ type: oneOf(['ready']) })(value) ||
    shape<{ type: 'reveal'; service: string }>({ type: oneOf(['reveal']), service: isString })(value) ||
    shape<{ type: 'rendered'; revision: number; nodes: number }>({ type: oneOf(['rendered']), revision: isNumber, nodes: isNumber })(value)
  );
}
