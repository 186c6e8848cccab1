'use strict';
// A small Prometheus registry (text exposition format 0.0.4): counters, gauges and
// histograms with labels. Enough for the demo; real services would use prom-client.

function escapeLabel(value) {
  return String(value).replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function labelText(labels) {
  const keys = Object.keys(labels);
  if (keys.length === 0) return '';
  return `{${keys.map((key) => `${key}="${escapeLabel(labels[key])}"`).join(',')}}`;
}

function keyOf(labels) {
  return JSON.stringify(Object.keys(labels).sort().map((key) => [key, String(labels[key])]));
}

class Registry {
  constructor() {
    this.families = [];
  }

  counter(name, help) {
    const series = new Map();
    this.families.push({ name, help, type: 'counter', lines: () => simpleLines(name, series) });
    return {
      inc(labels = {}, amount = 1) {
        const key = keyOf(labels);
        const entry = series.get(key) ?? { labels, value: 0 };
        entry.value += amount;
        series.set(key, entry);
      },
    };
  }

  // A gauge's value may come from `collect`, called at every scrape (memory, uptime);
  // `type` is 'counter' for values the runtime counts for us (CPU seconds).
  gauge(name, help, collect, type = 'gauge') {
    const series = new Map();
    this.families.push({
      name,
      help,
      type,
      lines: () => {
        if (collect) for (const [labels, value] of collect()) series.set(keyOf(labels), { labels, value });
        return simpleLines(name, series);
      },
    });
    return {
      set(labels, value) {
        series.set(keyOf(labels), { labels, value });
      },
    };
  }

  histogram(name, help, buckets) {
    const series = new Map();
    const bounds = [...buckets].sort((a, b) => a - b);
    this.families.push({ name, help, type: 'histogram', lines: () => histogramLines(name, bounds, series) });
    return {
      observe(labels, value) {
        const key = keyOf(labels);
        const entry = series.get(key) ?? { labels, counts: bounds.map(() => 0), sum: 0, count: 0 };
        bounds.forEach((bound, index) => {
          if (value <= bound) entry.counts[index] += 1;
        });
        entry.sum += value;
        entry.count += 1;
        series.set(key, entry);
      },
    };
  }

  render() {
    const out = [];
    for (const family of this.families) {
      out.push(`# HELP ${family.name} ${family.help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}`);
      out.push(`# TYPE ${family.name} ${family.type}`);
      out.push(...family.lines());
    }
    return `${out.join('\n')}\n`;
  }
}

function simpleLines(name, series) {
  return [...series.values()].map((entry) => `${name}${labelText(entry.labels)} ${entry.value}`);
}

function histogramLines(name, bounds, series) {
  const lines = [];
  for (const entry of series.values()) {
    bounds.forEach((bound, index) => {
      lines.push(`${name}_bucket${labelText({ ...entry.labels, le: String(bound) })} ${entry.counts[index]}`);
    });
    lines.push(`${name}_bucket${labelText({ ...entry.labels, le: '+Inf' })} ${entry.count}`);
    lines.push(`${name}_sum${labelText(entry.labels)} ${entry.sum}`);
    lines.push(`${name}_count${labelText(entry.labels)} ${entry.count}`);
  }
  return lines;
}

module.exports = { Registry };
