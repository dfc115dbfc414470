import fc from 'fast-check';

/**
 * A body under construction: a JSON value in which some strings are markers for
 * text JSON.stringify cannot produce (numbers beyond a double, duplicate keys,
 * nesting deeper than a recursive stringify survives).
 */
export interface DraftBody {
  value: unknown;
  readonly raw: string[];
}

export type Mutation = (draft: DraftBody) => void;

const rawMarker = (i: number) => `@@raw:${i}@@`;
const keyMarker = (i: number) => `@@key:${i}@@`;

/** The JSON text of a draft, its markers replaced by their raw text. */
export function draftText(draft: DraftBody): string {
  let text = JSON.stringify(draft.value) ?? 'null';
  draft.raw.forEach((raw, i) => {
    text = text
      .split(JSON.stringify(rawMarker(i)))
      .join(raw)
      .split(JSON.stringify(keyMarker(i)))
      .join(raw);
  });
  return text;
}

type Container = Record<string, unknown> | unknown[];
interface Slot {
  readonly parent: Container;
  readonly key: string | number;
}

/** Every place in the value a mutation can act on, depth first. */
function slotsOf(value: unknown): Slot[] {
  const slots: Slot[] = [];
  const walk = (node: unknown, budget: number) => {
    if (budget === 0 || typeof node !== 'object' || node === null) return;
    const container = node as Container;
    for (const key of Array.isArray(container) ? container.keys() : Object.keys(container)) {
      slots.push({ parent: container, key });
      walk((container as Record<string | number, unknown>)[key], budget - 1);
    }
  };
  walk(value, 12);
  return slots;
}

function objectsOf(value: unknown): Record<string, unknown>[] {
  const found: Record<string, unknown>[] = [];
  const walk = (node: unknown, budget: number) => {
    if (budget === 0 || typeof node !== 'object' || node === null) return;
    if (!Array.isArray(node)) found.push(node as Record<string, unknown>);
    for (const child of Object.values(node)) walk(child, budget - 1);
  };
  walk(value, 12);
  return found;
}

const pick = <T>(items: readonly T[], selector: number): T | undefined =>
  items.length === 0 ? undefined : items[selector % items.length];

function setSlot(slot: Slot, value: unknown): void {
  (slot.parent as Record<string | number, unknown>)[slot.key] = value;
}

/** Strings that have broken parsers, databases and loggers before. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '\u0000',
    'a\u0000b',
    '\ud800',
    '\udfff',
    'x\udc00y',
    '\ud83d',
    '\ufeff',
    '\u202e',
    '😀',
    '',
    ' ',
    '\t\n\r',
    '%00',
    '../../etc/passwd',
    "'; DROP TABLE events; --",
    '$' + '{jndi:ldap://x}',
    '<script>alert(1)</script>',
    '__proto__',
    'constructor',
    '2026-13-45T25:61:61Z',
    '2026-12-06',
    'NaN',
    '-0',
  ),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
);

/** Number literals outside what the schemas (or a double) allow, as raw JSON text. */
const hostileNumberText = fc.constantFrom(
  '1e400',
  '-1e400',
  '1e-400',
  '9007199254740993',
  '-9007199254740993',
  '123456789012345678901234567890',
  '-0',
  '0.5',
  '-1',
  '0',
  '2147483648',
  '4294967296',
  '1E2',
  '1.7976931348623157e308',
);

/** A value of some other type than the one expected, sometimes as raw text. */
const otherValue: fc.Arbitrary<(draft: DraftBody) => unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }).map((v) => () => v),
  hostileString.map((v) => () => v),
  hostileNumberText.map((text) => (draft: DraftBody) => rawValue(draft, text)),
  fc.constantFrom(null, true, false, [], {}, 0, '').map((v) => () => structuredClone(v)),
);

function rawValue(draft: DraftBody, text: string): string {
  draft.raw.push(text);
  return rawMarker(draft.raw.length - 1);
}

function rawKey(draft: DraftBody, keyText: string): string {
  draft.raw.push(keyText);
  return keyMarker(draft.raw.length - 1);
}

const nestingText = (depth: number, kind: 'array' | 'object') =>
  kind === 'array' ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);

const unknownKey = fc.oneof(
  fc.constantFrom(
    '__proto__',
    'constructor',
    'prototype',
    '',
    'data',
    'type',
    'tenant',
    'id',
    'recordedAt',
    'subject',
    'a.b',
    'events[0]',
    '\u0000',
    '\ud800',
  ),
  fc.string({ maxLength: 12 }),
);

/** One structural change to a draft, at a place chosen by `selector`. */
export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  // Drop a field (or an array item).
  fc.nat().map((selector): Mutation => (draft) => {
    const slot = pick(slotsOf(draft.value), selector);
    if (slot === undefined) return;
    if (Array.isArray(slot.parent)) slot.parent.splice(slot.key as number, 1);
    else delete slot.parent[slot.key as string];
  }),
  // Retype a field.
  fc.tuple(fc.nat(), otherValue).map(([selector, make]): Mutation => (draft) => {
    const slot = pick(slotsOf(draft.value), selector);
    if (slot === undefined) draft.value = make(draft);
    else setSlot(slot, make(draft));
  }),
  // Add an unknown field.
  fc.tuple(fc.nat(), unknownKey, otherValue).map(([selector, key, make]): Mutation => (draft) => {
    const target = pick(objectsOf(draft.value), selector);
    if (target === undefined) return;
    // A raw key: `__proto__` set by assignment would change the prototype instead of adding a field.
    target[rawKey(draft, JSON.stringify(key))] = make(draft);
  }),
  // Repeat a field: the JSON text carries the same key twice.
  fc.tuple(fc.nat(), otherValue).map(([selector, make]): Mutation => (draft) => {
    const target = pick(objectsOf(draft.value), selector);
    const key = target === undefined ? undefined : pick(Object.keys(target), selector);
    if (target === undefined || key === undefined) return;
    target[rawKey(draft, JSON.stringify(key))] = make(draft);
  }),
  // Repeat an array item (in a batch: the same idempotency key twice).
  fc.nat().map((selector): Mutation => (draft) => {
    const slot = pick(
      slotsOf(draft.value).filter((candidate) => Array.isArray(candidate.parent)),
      selector,
    );
    if (slot === undefined) return;
    (slot.parent as unknown[]).splice(
      slot.key as number,
      0,
      structuredClone((slot.parent as unknown[])[slot.key as number]),
    );
  }),
  // Nest deeply (within the body limit).
  fc
    .tuple(
      fc.nat(),
      fc.constantFrom(16, 64, 65, 100, 1_000, 10_000, 100_000),
      fc.constantFrom('array' as const, 'object' as const),
    )
    .map(([selector, depth, kind]): Mutation => (draft) => {
      const slot = pick(slotsOf(draft.value), selector);
      const marker = rawValue(draft, nestingText(depth, kind));
      if (slot === undefined) draft.value = marker;
      else setSlot(slot, marker);
    }),
  // A huge string, at and beyond the documented limits.
  fc
    .tuple(
      fc.nat(),
      fc.constantFrom(201, 1_001, 100_000, 100_001, 1_000_000),
      fc.constantFrom('x', 'é', '😀', '\u0000', ' '),
    )
    .map(([selector, length, unit]): Mutation => (draft) => {
      const slot = pick(slotsOf(draft.value), selector);
      const big = unit.repeat(Math.ceil(length / unit.length));
      if (slot === undefined) draft.value = big;
      else setSlot(slot, big);
    }),
);

/** Text that is not (quite) a JSON body. */
export const malformedText: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '{',
    '}',
    'null',
    '[]',
    '"s"',
    '1',
    'true',
    '{"a":}',
    '{"a":1,}',
    "{'a':1}",
    '\ufeff{}',
    'NaN',
    '{"a":1}{"b":2}',
    '{"__proto__":{"polluted":1}}',
    '{"constructor":{"prototype":{"polluted":1}}}',
  ),
  fc.string({ unit: 'binary', maxLength: 200 }),
);
