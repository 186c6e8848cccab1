// What the page keeps through vscode.setState while the panel is hidden: filters, chart
// range, pause, scroll position and follow. Checked on the way back in like any message.
import { arrayOf, isBoolean, isNumber, isString, oneOf, shape, type Guard } from '../protocol/guards';

/** The panel's own choices. */
export interface PanelState {
  /** Text filter. */
  text: string;
  /** Regular expression filter (may be invalid while typed). */
  regex: string;
  /** Levels shown; empty shows all. */
  levels: ('error' | 'warn' | 'info' | 'debug' | 'unknown')[];
  /** Sources shown; empty shows all. */
  sources: string[];
  /** Chart range in ms. */
  rangeMs: number;
  /** Charts frozen. */
  paused: boolean;
  /** Log list scroll offset. */
  scrollTop: number;
  /** Log list sticks to the newest line. */
  following: boolean;
}

export const RANGES: readonly { label: string; ms: number }[] = [
  { label: '5 min', ms: 5 * 60_000 },
  { label: '15 min', ms: 15 * 60_000 },
  { label: '30 min', ms: 30 * 60_000 },
  { label: '1 h', ms: 3_600_000 },
  { label: '6 h', ms: 6 * 3_600_000 },
  { label: '24 h', ms: 24 * 3_600_000 },
];

export function defaultPanelState(): PanelState {
  return { text: '', regex: '', levels: [], sources: [], rangeMs: 30 * 60_000, paused: false, scrollTop: 0, following: true };
}

export const isPanelState: Guard<PanelState> = shape<PanelState>({
  text: isString,
  regex: isString,
  levels: arrayOf(oneOf(['error', 'warn', 'info', 'debug', 'unknown'])),
  sources: arrayOf(isString),
  rangeMs: isNumber,
  paused: isBoolean,
  scrollTop: isNumber,
  following: isBoolean,
});
