import { useEffect, useState } from 'preact/hooks';
import { api, ApiError } from '../shared/api';

export interface Loaded<T> {
  readonly data?: T;
  readonly error?: ApiError | Error;
  readonly loading: boolean;
}

/** GETs `path` (or POSTs `body` to it) once per change of path, body and `version` (bump it to reload); null loads nothing. */
export function useApi<T>(path: string | null, body?: unknown, version = 0): Loaded<T> {
  const [state, setState] = useState<Loaded<T>>({ loading: path !== null });
  const bodyKey = body === undefined ? '' : JSON.stringify(body);
  useEffect(() => {
    if (path === null) {
      setState({ loading: false });
      return;
    }
    let live = true;
    setState({ loading: true });
    const call = body === undefined ? api.get<T>(path) : api.post<T>(path, body);
    call.then(
      (data) => live && setState({ data, loading: false }),
      (error: Error) => live && setState({ error, loading: false }),
    );
    return () => {
      live = false;
    };
  }, [path, bodyKey, version]);
  return state;
}

/** Every page of a read-API list (`{items, nextCursor}`), up to `max` items. */
export function useAllPages<T>(path: string | null, max = 2000): Loaded<T[]> {
  const [state, setState] = useState<Loaded<T[]>>({ loading: path !== null });
  useEffect(() => {
    if (path === null) return;
    let live = true;
    setState({ loading: true });
    (async () => {
      const items: T[] = [];
      let cursor: string | null = null;
      do {
        const sep = path.includes('?') ? '&' : '?';
        const page: { items: T[]; nextCursor: string | null } | undefined = await api.get(
          `${path}${sep}limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        );
        items.push(...(page?.items ?? []));
        cursor = page?.nextCursor ?? null;
      } while (cursor && items.length < max);
      return items;
    })().then(
      (data) => live && setState({ data, loading: false }),
      (error: Error) => live && setState({ error, loading: false }),
    );
    return () => {
      live = false;
    };
  }, [path, max]);
  return state;
}

export { ApiError };
