/**
 * What a key may do. `feedback` is for browser keys: it may only send
 * `feedback.recorded`, so a key visible in a web page cannot write annotations.
 */
export const SCOPES = ['ingest', 'read', 'admin', 'feedback'] as const;
export type Scope = (typeof SCOPES)[number];

export function isScope(value: string): value is Scope {
  return (SCOPES as readonly string[]).includes(value);
}
