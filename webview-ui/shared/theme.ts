/**
 * Colours come from the `--vscode-*` variables VS Code sets on the page, so every panel
 * follows the light, dark and high-contrast themes. Canvas drawing (chart.js) cannot use
 * CSS variables, so it reads their computed values and redraws when the theme changes.
 */
export type ThemeKind = 'light' | 'dark' | 'high-contrast' | 'high-contrast-light';

/**
 * Values read since the last theme change: reading computed style after the page changed
 * forces a style recalculation, and charts read colours for every line.
 */
const variableCache = new Map<string, string>();

export function cssVariable(name: string, fallback: string): string {
  let value = variableCache.get(name);
  if (value === undefined) {
    value = getComputedStyle(document.documentElement).getPropertyValue(name).trim()
      || getComputedStyle(document.body).getPropertyValue(name).trim();
    variableCache.set(name, value);
  }
  return value || fallback;
}

export function themeKind(): ThemeKind {
  const classes = document.body.classList;
  if (classes.contains('vscode-high-contrast-light')) return 'high-contrast-light';
  if (classes.contains('vscode-high-contrast')) return 'high-contrast';
  return classes.contains('vscode-light') ? 'light' : 'dark';
}

/** Calls `listener` after VS Code switches theme (it changes the body's class and the variables). */
export function onThemeChange(listener: () => void): void {
  let last = `${document.body.className}|${document.documentElement.getAttribute('style') ?? ''}`;
  const check = () => {
    const now = `${document.body.className}|${document.documentElement.getAttribute('style') ?? ''}`;
    if (now !== last) {
      last = now;
      variableCache.clear();
      listener();
    }
  };
  const observer = new MutationObserver(check);
  observer.observe(document.body, { attributes: true, attributeFilter: ['class'] });
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['style'] });
}

const chartVariables = [
  ['--vscode-charts-blue', '#3794ff'],
  ['--vscode-charts-orange', '#d18616'],
  ['--vscode-charts-green', '#89d185'],
  ['--vscode-charts-red', '#f14c4c'],
  ['--vscode-charts-purple', '#b180d7'],
  ['--vscode-charts-yellow', '#cca700'],
] as const;

/**
 * The colour of series `index` (a run, or a cluster): VS Code's six chart colours first,
 * then hues spread by the golden angle, lighter on dark themes, darker on light ones.
 */
export function seriesColour(index: number): string {
  const named = chartVariables[index];
  if (named) return cssVariable(named[0], named[1]);
  const hue = (index * 137.508 + 20) % 360;
  const kind = themeKind();
  const lightness = kind === 'light' || kind === 'high-contrast-light' ? 38 : 62;
  return `hsl(${hue.toFixed(1)}, 65%, ${lightness}%)`;
}

/** A small coloured square standing for a series; its colour is set through the CSSOM (CSP allows that). */
export function colourSwatch(index: number): HTMLElement {
  const swatch = document.createElement('span');
  swatch.className = 'swatch';
  swatch.dataset.colourIndex = String(index);
  swatch.setAttribute('aria-hidden', 'true');
  swatch.style.setProperty('--swatch-colour', seriesColour(index));
  return swatch;
}

/** Re-colours the swatches after a theme change. */
export function recolourSwatches(root: ParentNode): void {
  for (const swatch of root.querySelectorAll<HTMLElement>('.swatch[data-colour-index]')) {
    swatch.style.setProperty('--swatch-colour', seriesColour(Number(swatch.dataset.colourIndex)));
  }
}
