import * as Plot from '@observablehq/plot';
import { useEffect, useRef, useState } from 'preact/hooks';

export interface ChartFigureProps {
  /** `data-chart` of the figure (the e2e counts its marks) and the prefix of its caption's ids. */
  readonly id: string;
  /** The caption: what the chart is. */
  readonly title: string;
  /** What it shows, in words, for screen readers (and everyone). */
  readonly summary: string;
  /** Plot's options but the width, which is the figure's; `ariaLabel` defaults to the title. */
  readonly options: Plot.PlotOptions;
  /** Said instead of an empty chart when there is nothing to draw. */
  readonly empty?: string;
}

/**
 * The one chart of the console: a figure with its caption and summary, in which
 * Observable Plot draws `options` at the figure's width, again whenever the width
 * changes (1280 px and 390 px screens get charts that fit).
 */
export function ChartFigure({ id, title, summary, options, empty }: ChartFigureProps) {
  const body = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const element = body.current;
    if (!element) return;
    const measure = () => setWidth(Math.max(280, Math.floor(element.clientWidth)));
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [empty]);
  useEffect(() => {
    const element = body.current;
    if (!element || width === 0 || empty) return;
    const node = Plot.plot({ ariaLabel: title, ...options, width });
    // Plot names each mark's group (`aria-label="dot"`); a name needs a role, so the groups are groups.
    for (const group of Array.from(node.querySelectorAll('g[aria-label]'))) group.setAttribute('role', 'group');
    element.replaceChildren(node);
    return () => node.remove();
  });
  return (
    <figure class="chart" data-chart={id} aria-labelledby={`${id}-title`} aria-describedby={`${id}-summary`}>
      <figcaption id={`${id}-title`}>{title}</figcaption>
      <p id={`${id}-summary`} class="chart-summary">
        {summary}
      </p>
      {empty ? <p class="notice">{empty}</p> : <div ref={body} class="chart-body" />}
    </figure>
  );
}
