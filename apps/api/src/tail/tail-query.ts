import type { Principal } from '@hindsight/access';
import { EVENT_TYPES, HindsightError, ValidationError, type EventType } from '@hindsight/contracts';

/** What `GET /v1/events/tail` follows: the caller's tenant, optionally only some event types. */
export interface TailQuery {
  readonly tenant: string;
  /** Undefined: every type the key may read. */
  readonly types?: ReadonlySet<EventType>;
}

/** Live tails one api process serves at once; each holds a Kafka consumer. */
export const MAX_LIVE_TAILS = 32;

const known: ReadonlySet<string> = new Set(EVENT_TYPES);

/**
 * Reads the query of a tail. `type` is a comma-separated list of event types;
 * `tenant`, when given, must be the key's own (a key never follows another tenant).
 * @example parseTailQuery({ type: 'comparison.recorded' }, principal).types // Set { 'comparison.recorded' }
 * @throws ValidationError naming `type` and the unknown type; HindsightError('forbidden') for another tenant.
 */
export function parseTailQuery(
  query: Readonly<Record<string, unknown>>,
  principal: Pick<Principal, 'tenant'>,
): TailQuery {
  const tenant = query.tenant;
  if (tenant !== undefined && tenant !== principal.tenant) {
    throw new HindsightError(
      'forbidden',
      `this key belongs to tenant ${principal.tenant}; it cannot follow tenant ${String(tenant)}`,
      [{ path: 'tenant', rule: "must be the key's own tenant" }],
    );
  }
  const type = query.type;
  if (type === undefined) return { tenant: principal.tenant };
  const names = String(type)
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '');
  if (names.length === 0) throw new ValidationError([{ path: 'type', rule: 'must name at least one event type' }]);
  const unknown = names.filter((n) => !known.has(n));
  if (unknown.length > 0)
    throw new ValidationError([
      { path: 'type', rule: `unknown event type ${unknown.join(', ')} (one of ${EVENT_TYPES.join(', ')})` },
    ]);
  return { tenant: principal.tenant, types: new Set(names as EventType[]) };
}

/**
 * Whether an event on the log is shown to a tail, judged from its envelope before its data
 * is opened: only the caller's tenant, only the asked types; `api-key.*` (lookup ids and secret
 * hashes of keys) only to an admin key, as no read route shows them to a read key.
 */
export function visibleInTail(
  envelope: { readonly tenant?: unknown; readonly type?: unknown },
  query: TailQuery,
  principal: Pick<Principal, 'scopes'>,
): boolean {
  if (envelope.tenant !== query.tenant || typeof envelope.type !== 'string' || !known.has(envelope.type)) return false;
  if (query.types !== undefined && !query.types.has(envelope.type as EventType)) return false;
  if (envelope.type.startsWith('api-key.') && !principal.scopes.includes('admin')) return false;
  return true;
}
