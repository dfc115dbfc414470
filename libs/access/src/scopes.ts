/**
 * What a key may do. `feedback` is for browser keys: it may only send
 * `feedback.recorded`, so a key visible in a web page cannot write annotations.
 * `rater` is one annotator's key: it may only fetch and judge that rater's own
 * queue assignments (the rater id is the key's name); it takes no other scope.
 */
export const SCOPES = ['ingest', 'read', 'admin', 'feedback', 'rater'] as const;
export type Scope = (typeof SCOPES)[number];

export function isScope(value: string): value is Scope {
  return (SCOPES as readonly string[]).includes(value);
}
