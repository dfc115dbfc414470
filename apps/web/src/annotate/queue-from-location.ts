/** The queue a link names: `/annotate/<queueId>` or `/annotate?queue=<queueId>`; undefined when none. */
export function queueFromLocation(pathname: string, search: string): string | undefined {
  const fromPath = pathname.replace(/^\/annotate\/?/, '').split('/')[0];
  if (fromPath) return decodeURIComponent(fromPath);
  const fromQuery = new URLSearchParams(search).get('queue');
  return fromQuery || undefined;
}
