// SVG for the service map, built from the layout's positions with DOM calls (text is set
// as text, never parsed as markup). Colours are CSS classes over theme variables.
import type { MapSnapshot } from '../../protocol/serviceMapProtocol';

const SVG = 'http://www.w3.org/2000/svg';

function el<K extends keyof SVGElementTagNameMap>(name: K, attributes: Record<string, string | number>): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, String(value));
  return element;
}

/** Replaces root's content with the map; returns each service's node group by name. */
export function drawMap(root: HTMLElement, snapshot: MapSnapshot, onPick: (service: string) => void): Map<string, SVGGElement> {
  root.replaceChildren();
  const groups = new Map<string, SVGGElement>();
  if (snapshot.nodes.length === 0) {
    const empty = document.createElement('p');
    empty.className = 'empty';
    empty.textContent = 'No services in devops.yaml.';
    root.append(empty);
    return groups;
  }
  const svg = el('svg', { width: snapshot.width, height: snapshot.height, viewBox: `0 0 ${snapshot.width} ${snapshot.height}`, role: 'img' });
  svg.setAttribute('aria-label', `Service map, ${snapshot.nodes.length} services`);
  const defs = el('defs', {});
  const marker = el('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' });
  marker.append(el('path', { d: 'M 0 0 L 10 5 L 0 10 z', class: 'arrowhead' }));
  defs.append(marker);
  svg.append(defs);
  for (const edge of snapshot.edges) {
    if (edge.points.length < 2) continue;
    const d = edge.points.map((p, i) => `${i === 0 ? 'M' : 'L'} ${p.x.toFixed(1)} ${p.y.toFixed(1)}`).join(' ');
    const path = el('path', { d, class: 'edge', 'marker-end': 'url(#arrow)' });
    const title = el('title', {});
    title.textContent = `${edge.from} depends on ${edge.to}`;
    path.append(title);
    svg.append(path);
  }
  for (const node of snapshot.nodes) {
    const state = snapshot.health[node.id] ?? 'unknown';
    const group = el('g', { class: `node ${state}`, tabindex: 0, role: 'button', 'data-service': node.id });
    group.setAttribute('aria-label', `${node.id}: ${state}`);
    group.append(el('rect', { x: node.x - node.width / 2, y: node.y - node.height / 2, width: node.width, height: node.height, rx: 6 }));
    const label = el('text', { x: node.x, y: node.y });
    label.textContent = node.id;
    const title = el('title', {});
    title.textContent = `${node.id}: ${state}. Click to show it in the Services view.`;
    group.append(label, title);
    group.addEventListener('click', () => onPick(node.id));
    group.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' || event.key === ' ') onPick(node.id);
    });
    groups.set(node.id, group);
    svg.append(group);
  }
  const legend = document.createElement('div');
  legend.className = 'legend';
  for (const state of ['up', 'degraded', 'down', 'unknown'] as const) {
    const item = document.createElement('span');
    item.className = state;
    item.textContent = `■ ${state}`;
    legend.append(item);
  }
  root.append(svg, legend);
  return groups;
}
