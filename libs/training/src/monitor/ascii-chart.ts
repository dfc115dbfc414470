export interface ChartSeries {
  readonly title: string;
  readonly points: readonly (readonly [x: number, y: number])[];
  /** An optional horizontal line (e.g. a KL budget or the 0.5 win rate), drawn with '-'. */
  readonly reference?: number;
}

export interface ChartOptions {
  /** Plot columns per chart; default 40. */
  readonly width?: number;
  /** Plot rows; default 10. */
  readonly height?: number;
}

/**
 * One chart as text lines: a y axis labelled with the range, '*' at each point
 * and '.' joining consecutive points, an x axis labelled with the first and last x.
 * Pure; the same series give the same lines.
 * @example renderChart({ title: 'reward', points: [[0, 1], [10, 2]] }).join('\n')
 * @throws never; an empty series draws an empty frame saying "no data".
 */
export function renderChart(series: ChartSeries, options: ChartOptions = {}): string[] {
  const width = Math.max(8, options.width ?? 40);
  const height = Math.max(3, options.height ?? 10);
  const pts = [...series.points]
    .filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y))
    .sort((a, b) => a[0] - b[0]);
  const ys = pts.map((p) => p[1]).concat(series.reference === undefined ? [] : [series.reference]);
  let yMin = ys.length ? Math.min(...ys) : 0;
  let yMax = ys.length ? Math.max(...ys) : 1;
  if (yMax === yMin) {
    yMax += 0.5;
    yMin -= 0.5;
  }
  const xMin = pts.length ? pts[0][0] : 0;
  const xMax = pts.length ? pts[pts.length - 1][0] : 1;
  const grid = Array.from({ length: height }, () => Array<string>(width).fill(' '));
  const col = (x: number) =>
    xMax === xMin ? Math.floor((width - 1) / 2) : Math.round(((x - xMin) / (xMax - xMin)) * (width - 1));
  const row = (y: number) => height - 1 - Math.round(((y - yMin) / (yMax - yMin)) * (height - 1));
  if (series.reference !== undefined) {
    const r = row(series.reference);
    for (let c = 0; c < width; c++) grid[r][c] = '-';
  }
  for (let i = 1; i < pts.length; i++) {
    const [c0, r0, c1, r1] = [col(pts[i - 1][0]), row(pts[i - 1][1]), col(pts[i][0]), row(pts[i][1])];
    const steps = Math.max(Math.abs(c1 - c0), Math.abs(r1 - r0));
    for (let s = 1; s < steps; s++)
      grid[Math.round(r0 + ((r1 - r0) * s) / steps)][Math.round(c0 + ((c1 - c0) * s) / steps)] = '.';
  }
  for (const [x, y] of pts) grid[row(y)][col(x)] = '*';
  const label = (v: number) => formatNumber(v).padStart(8);
  const lines = [`${' '.repeat(9)}${series.title}`.padEnd(width + 10)];
  grid.forEach((cells, r) => {
    const axis = r === 0 ? label(yMax) : r === height - 1 ? label(yMin) : ' '.repeat(8);
    lines.push(`${axis} |${cells.join('')}`);
  });
  lines.push(`${' '.repeat(9)}+${'-'.repeat(width)}`);
  const left = pts.length ? `step ${formatNumber(xMin)}` : 'no data';
  const right = pts.length ? formatNumber(xMax) : '';
  lines.push(`${' '.repeat(10)}${left}${right.padStart(Math.max(1, width - left.length))}`);
  return lines.map((l) => l.padEnd(width + 10));
}

/** Two charts next to each other, separated by a gap. */
export function renderSideBySide(left: ChartSeries, right: ChartSeries, options: ChartOptions = {}): string {
  const a = renderChart(left, options);
  const b = renderChart(right, options);
  return a.map((line, i) => `${line}   ${b[i] ?? ''}`.trimEnd()).join('\n');
}

function formatNumber(v: number): string {
  if (Number.isInteger(v)) return String(v);
  const abs = Math.abs(v);
  return abs >= 100 ? v.toFixed(0) : abs >= 1 ? v.toFixed(2) : v.toFixed(3);
}
