/** Numbers as the console prints them: three decimals (the CLI's --json has the full value), or a dash. */
export function num(value: number | null | undefined, digits = 3): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '–' : value.toFixed(digits);
}

/** A share as a percentage with one decimal. */
export function pct(value: number | null | undefined): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '–' : `${(value * 100).toFixed(1)} %`;
}

/** An instant as `2026-10-01 00:00:00Z` (UTC, the way the CLI and the api write it, shorter). */
export function when(value: string | null | undefined): string {
  if (!value) return '–';
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? value : `${d.toISOString().slice(0, 19).replace('T', ' ')}Z`;
}

/** The query parameter `name` of the page's URL. */
export function queryParam(name: string): string | null {
  return new URLSearchParams(location.search).get(name);
}
