// The editor theme's colours for charts, read from VS Code's CSS variables. Reading them
// costs a style recalculation, so they are read once and again only after the theme
// changed (VS Code then rewrites the variables on <html> and the theme class on <body>).

export interface ChartTheme {
  foreground: string;
  grid: string;
  /** Series colours, in order. */
  palette: string[];
}

const PALETTE_VARS = ['--vscode-charts-blue', '--vscode-charts-green', '--vscode-charts-orange', '--vscode-charts-purple', '--vscode-charts-red', '--vscode-charts-yellow'];
const FALLBACK = ['#3794ff', '#89d185', '#d18616', '#b180d7', '#f14c4c', '#cca700'];

let cached: ChartTheme | undefined;
let watching = false;

export function chartTheme(): ChartTheme {
  if (!watching) {
    watching = true;
    const forget = new MutationObserver(() => (cached = undefined));
    forget.observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });
    forget.observe(document.body, { attributes: true, attributeFilter: ['style', 'class'] });
  }
  if (cached) return cached;
  const style = getComputedStyle(document.body);
  const color = (name: string, fallback: string): string => style.getPropertyValue(name).trim() || fallback;
  cached = {
    foreground: color('--vscode-foreground', '#ccc'),
    grid: color('--vscode-editorWidget-border', 'rgba(128,128,128,0.25)'),
    palette: PALETTE_VARS.map((name, i) => color(name, FALLBACK[i])),
  };
  return cached;
}
