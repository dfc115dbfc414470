/** The console's pages by path; `/console` itself opens the quality page. */
export type ConsoleRoute =
  | { readonly page: 'quality' }
  | { readonly page: 'rater'; readonly raterId: string }
  | { readonly page: 'datasets' }
  | { readonly page: 'policies' }
  | { readonly page: 'runs' }
  | { readonly page: 'run'; readonly runId: string }
  | { readonly page: 'models' }
  | { readonly page: 'reward-hacking' }
  | { readonly page: 'drift' }
  | { readonly page: 'dead-letters' }
  | { readonly page: 'not-found' };

export const NAV: readonly { readonly href: string; readonly label: string }[] = [
  { href: '/console/quality', label: 'Quality' },
  { href: '/console/datasets', label: 'Datasets' },
  { href: '/console/policies', label: 'Policies' },
  { href: '/console/runs', label: 'Runs' },
  { href: '/console/models', label: 'Models' },
  { href: '/console/reward-hacking', label: 'Reward hacking' },
  { href: '/console/drift', label: 'Drift' },
  { href: '/console/dead-letters', label: 'Dead letters' },
];

/**
 * The page a path names. Pure.
 * @example routeOf('/console/runs/r-1'); // { page: 'run', runId: 'r-1' }
 */
export function routeOf(pathname: string): ConsoleRoute {
  const parts = pathname
    .replace(/\/+$/, '')
    .split('/')
    .slice(2)
    .map((p) => decodeURIComponent(p));
  const [first, second] = parts;
  if (parts.length === 0 || (first === 'quality' && parts.length === 1)) return { page: 'quality' };
  if (first === 'raters' && second && parts.length === 2) return { page: 'rater', raterId: second };
  if (first === 'runs' && second && parts.length === 2) return { page: 'run', runId: second };
  const simple = ['datasets', 'policies', 'runs', 'models', 'reward-hacking', 'drift', 'dead-letters'] as const;
  const found = simple.find((p) => p === first);
  if (found && parts.length === 1) return { page: found };
  return { page: 'not-found' };
}
