import { useEffect, useRef, useState } from 'preact/hooks';

/**
 * A chart drawn by Observable Plot into a figure: `draw(width)` returns Plot's SVG
 * (or figure, with a legend) for the container's width, drawn again when the
 * width changes (1280 px and 390 px screens get charts that fit). The caption
 * names the chart; `summary` says in words what it shows, for screen readers.
 */
export function Chart({ id, title, summary, draw, empty }: { id: string; title: string; summary: string; draw: (width: number) => Element; empty?: string }) {
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
  }, []);
  useEffect(() => {
    const element = body.current;
    if (!element || width === 0 || empty) return;
    const node = draw(width);
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
