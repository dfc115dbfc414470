import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import {
  exampleEventInputs,
  formatUuidV7,
  sealEvent,
  storesAsParsed,
  validateEventInput,
  withoutRedactedOriginals,
  type EventType,
  type HindsightEvent,
} from '@hindsight/contracts';
import type { RawMessage } from '@hindsight/kafka';
import {
  associatedDataOf,
  EventOpener,
  generateKeyEncryptionKey,
  keyRingOf,
  sealData,
  wrapDataKey,
} from '@hindsight/shredding';
import {
  ProjectionStore,
  subjectRefKey,
  type ConsumedMessage,
  type SubjectKeyRepository,
  type SubjectRef,
} from '@hindsight/store';
import { migratedSchemaFixture } from '@hindsight/store/testing';
import { planProjection } from '@hindsight/projections';
import { decodeMessage, parseJsonValue } from './decode-message';

/*
 * A consumed event's payload is its message's own JSON text when decodeMessage proves that text stores as the
 * same jsonb as the event serialised (JSON.stringify(withoutRedactedOriginals(event)), what the store writes
 * otherwise). Proved here in PostgreSQL, through the store's COPY: for every registered type, plain and sealed,
 * in texts with whitespace, escapes, backslashes and non-ASCII, and for numbers written every way JSON allows,
 * the stored payload equals that serialisation, as jsonb and as jsonb's text.
 */
describe('decodeMessage: the payload from the message text stores as the serialised event', () => {
  const dataSource = migratedSchemaFixture('payload');
  const store = () => new ProjectionStore(dataSource, { plan: () => planProjection([]) });
  const kek = generateKeyEncryptionKey();
  const dataKey = randomBytes(32);
  const keyRef = { kind: 'rater', id: 'rater-7' } as const;
  const keys = {
    find: async (refs: readonly SubjectRef[]) =>
      new Map(
        refs.map((ref) => [
          subjectRefKey(ref),
          { ref, destroyed: false, kekId: kek.id, wrapped: wrapDataKey(dataKey, kek, ref), wrappedAt: '', onLog: true },
        ]),
      ),
  } as unknown as SubjectKeyRepository;
  const opener = new EventOpener(keys, keyRingOf([kek], 'test'));
  let offset = 0;

  /** A new stored event of `type`'s example (its own id and idempotency key), data changed by `change`. */
  const eventOf = (type: EventType, change: (data: Record<string, unknown>) => void = () => {}): HindsightEvent => {
    const input = structuredClone(exampleEventInputs[type]) as {
      idempotencyKey: string;
      data: Record<string, unknown>;
    };
    input.idempotencyKey = `${input.idempotencyKey}-${offset++}`;
    const event = sealEvent(validateEventInput(input), {
      id: formatUuidV7(Date.now(), randomBytes(10)),
      recordedAt: '2026-03-01T10:00:00.000Z',
      tenant: 'acme',
      source: 'api',
    }) as HindsightEvent;
    const data = structuredClone(event.data) as Record<string, unknown>;
    change(data);
    return { ...event, data } as HindsightEvent;
  };

  /** The event's text as a foreign producer may write it: every non-ASCII character and every `a` escaped, tabs and CRLFs between tokens. */
  const escapedText = (value: unknown): string => {
    if (typeof value === 'string')
      return `"${[...value]
        .flatMap((c) => (c.length > 1 ? [c[0], c[1]] : [c]))
        .map((c) =>
          c.charCodeAt(0) > 0x7e || c === 'a' || c === '/'
            ? c === '/'
              ? '\\/'
              : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`
            : JSON.stringify(c).slice(1, -1),
        )
        .join('')}"`;
    if (Array.isArray(value)) return `[\t${value.map(escapedText).join(' ,\r\n')}\n]`;
    if (typeof value === 'object' && value !== null)
      return `{\r\n${Object.entries(value)
        .map(([k, v]) => `\t${escapedText(k)} :\t${escapedText(v)}`)
        .join(',\n')}\n}`;
    return JSON.stringify(value);
  };
  const texts = (value: unknown) => [
    JSON.stringify(value),
    `  ${JSON.stringify(value, null, '\t')}\r\n`,
    escapedText(value),
  ];

  const messageOf = (text: string): RawMessage => ({
    topic: 'payload-test',
    partition: 0,
    offset: String(offset++),
    key: null,
    value: Buffer.from(text, 'utf8'),
    headers: {},
    timestamp: '0',
  });

  /** Each text of the event as a message, plain, then with its data sealed (the data's texts inside). */
  const messagesOf = (event: HindsightEvent, sealed: boolean): RawMessage[] => {
    if (!sealed) return texts(event).map(messageOf);
    return texts(event.data).map((dataText) =>
      messageOf(
        JSON.stringify({
          ...event,
          data: sealData(undefined, dataKey, keyRef, associatedDataOf(event), dataText),
        }),
      ),
    );
  };

  async function decode(messages: readonly RawMessage[]): Promise<ConsumedMessage[]> {
    const parsed = messages.map(parseJsonValue);
    const opened = await opener.open(parsed.map((p) => (p.ok ? p.value : null)));
    return messages.map((m, i) => decodeMessage(m, parsed[i], opened[i]));
  }

  /** Commits the decoded events, then returns the ids whose stored payload differs from the event serialised. */
  async function storedDifferently(consumed: readonly ConsumedMessage[]): Promise<string[]> {
    const events = consumed.map((c) => {
      if (!('event' in c)) throw new Error(`dead-lettered: ${c.deadLetter.reason}`);
      return c.event;
    });
    await store().commitBatch('payload-test', consumed);
    const rows: { id: string }[] = await dataSource.query(
      `SELECT x.id::text AS id FROM unnest($1::uuid[], $2::text[]) AS x(id, expected) LEFT JOIN events e ON e.id = x.id
       WHERE e.id IS NULL OR e.payload <> x.expected::jsonb OR e.payload::text <> x.expected::jsonb::text`,
      [events.map((e) => e.id), events.map((e) => JSON.stringify(withoutRedactedOriginals(e)))],
    );
    return rows.map((r) => `${r.id} ${events.find((e) => e.id === r.id)?.type}`);
  }

  const usesText = (c: ConsumedMessage) => 'event' in c && c.payload !== undefined;

  /** Appends text a schema may refuse to each string of `data` it accepts there: quotes, backslashes, controls, non-ASCII. */
  const richStrings = (type: EventType) => (data: Record<string, unknown>) => {
    const walk = (node: Record<string, unknown> | unknown[]) => {
      for (const [k, v] of Object.entries(node)) {
        if (typeof v === 'string') {
          (node as Record<string, unknown>)[k] = `${v} "q" \\ back\\slash\n\ttab ü 日本 🧪 \u2028 \u0007`;
          try {
            validateEventInput({ ...exampleEventInputs[type], data: structuredClone(data) });
          } catch {
            (node as Record<string, unknown>)[k] = v;
          }
        } else if (typeof v === 'object' && v !== null) walk(v as Record<string, unknown>);
      }
    };
    walk(data);
  };

  const types = Object.keys(exampleEventInputs) as EventType[];

  it.each([false, true])(
    'every registered type (sealed: %s), as written by JSON.stringify, pretty-printed, and with escapes and CRLFs',
    async (sealed) => {
      const messages = types.flatMap((type) => [
        ...messagesOf(eventOf(type), sealed),
        ...messagesOf(eventOf(type, richStrings(type)), sealed),
      ]);
      const consumed = await decode(messages);
      // Unsealed, every one of them is eligible: the examples' numbers are as JSON.stringify writes them.
      // Sealed, none: their data is serialised (see decode-message.ts, ownTextOf).
      expect(
        consumed.filter((c) => usesText(c) === sealed).map((c) => ('event' in c ? c.event.type : c.deadLetter.reason)),
      ).toEqual([]);
      expect(await storedDifferently(consumed)).toEqual([]);
    },
  );

  it('serialises the event instead when its text would not store the same: an original a redaction replaced', async () => {
    const redacted = (data: Record<string, unknown>) => {
      data.redaction = { counts: { email: 1 }, original: { prompt: 'Mail me at a@example.org' } };
    };
    for (const sealed of [false, true]) {
      const consumed = await decode(messagesOf(eventOf('interaction.logged', redacted), sealed));
      expect(consumed.map(usesText)).toEqual([false, false, false]);
      expect(await storedDifferently(consumed)).toEqual([]);
      const [{ payload }] = await dataSource.query('SELECT payload FROM events WHERE id = $1', [
        (consumed[0] as { event: HindsightEvent }).event.id,
      ]);
      expect(payload.data.redaction).toEqual({ counts: { email: 1 } });
    }
  });

  it('stores numbers as JSON.stringify writes them however the text spells them (the text only where it may)', async () => {
    const digits = fc.stringMatching(/^(?:0|[1-9]\d{0,19})(?:\.\d{1,19})?$/);
    const token = fc.oneof(
      fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
      fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }).map((n) => n.toExponential()),
      fc.tuple(fc.boolean(), digits).map(([minus, d]) => `${minus ? '-' : ''}${d}`),
      fc
        .tuple(fc.integer({ min: -99999, max: 99999 }), fc.integer({ min: 1, max: 6 }))
        .map(([n, z]) => `${(n / 100).toFixed(2)}${'0'.repeat(z)}`),
      fc.constantFrom(
        '-0',
        '-0.0',
        '0.0',
        '1.0',
        '1E2',
        '1e-7',
        '0.0000001',
        '123456789012345',
        '1234567890123456',
        '0.1000000000000000055511151231257827',
      ),
    );
    const tokens = fc.sample(token, { numRuns: 1000, seed: 17 });
    const messages = tokens.map((t) => {
      const event = eventOf('interaction.logged');
      // `metadata` takes any finite number: the token goes in as text.
      return messageOf(
        JSON.stringify({ ...event, data: { ...event.data, metadata: { n: 'TOKEN' } } }).replace('"TOKEN"', t),
      );
    });
    const consumed = await decode(messages);
    // Each token's text is used exactly when storesAsParsed says it may (none is dead-lettered).
    expect(tokens.filter((t, i) => usesText(consumed[i]) !== storesAsParsed(`[${t}]`))).toEqual([]);
    expect(consumed.some(usesText)).toBe(true);
    expect(await storedDifferently(consumed)).toEqual([]);
    // The check is needed: written as they are, some of the tokens it refused would store otherwise.
    const refused = tokens.filter((t) => !storesAsParsed(`[${t}]`));
    const [{ differ }] = await dataSource.query(
      `SELECT count(*)::int AS differ FROM unnest($1::text[], $2::text[]) AS x(token, parsed)
       WHERE x.token::jsonb <> x.parsed::jsonb OR x.token::jsonb::text <> x.parsed::jsonb::text`,
      [refused, refused.map((t) => JSON.stringify(JSON.parse(t)))],
    );
    expect(differ).toBeGreaterThan(0);
  });

  it('serialises the event instead for a __proto__ key, which zod does not copy into a record', async () => {
    const event = eventOf('retrain-policy.created');
    const text = JSON.stringify(event).replace('"inline":{', '"inline":{"__proto__":{"x":1},');
    const consumed = await decode([messageOf(text)]);
    expect(consumed.map(usesText)).toEqual([false]);
    expect(await storedDifferently(consumed)).toEqual([]);
  });
});
