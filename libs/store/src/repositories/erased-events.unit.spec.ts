import type { QueryRunner } from 'typeorm';
import {
  ERASABLE_SUBJECT_KINDS,
  erasureFields,
  exampleEventInputs,
  formatUuidV7,
  sealEvent,
  validateEventInput,
  type EventType,
  type HindsightEvent,
} from '@hindsight/contracts';
import { migrations } from '../migrations';
import { dataFieldExpression, erasableSubjectsNamed, tombstoneStatements } from './erased-events';

/** Every statement the migrations run, in order, without a database. */
async function migrationStatements(): Promise<string[]> {
  const statements: string[] = [];
  const runner = { query: async (sql: string) => void statements.push(sql) } as unknown as QueryRunner;
  for (const Migration of migrations) await new Migration().up(runner);
  return statements;
}

/** The data fields `events` has an expression index on after every migration: name → field. */
async function indexedDataFields(): Promise<Map<string, string>> {
  const indexes = new Map<string, string>();
  for (const sql of await migrationStatements()) {
    const created =
      /CREATE INDEX (?:IF NOT EXISTS )?(\w+) ON events \(tenant, \(payload -> 'data' ->> '(\w+)'\)\) WHERE \(payload -> 'data' ->> '\2'\) IS NOT NULL/.exec(
        sql,
      );
    if (created) indexes.set(created[1], created[2]);
    const dropped = /DROP INDEX (?:IF EXISTS )?(\w+)/.exec(sql);
    if (dropped) indexes.delete(dropped[1]);
  }
  return indexes;
}

describe('erasure follows the event definitions', () => {
  it('has an index on events for exactly the data fields the definitions say an erasure looks for', async () => {
    const indexed = await indexedDataFields();
    expect([...new Set(indexed.values())].sort()).toEqual(erasureFields());
  });

  it('erases through the very expression the indexes are built on', async () => {
    const statements = await migrationStatements();
    for (const field of erasureFields())
      expect(statements.some((sql) => sql.includes(`ON events (tenant, ${dataFieldExpression(field)})`))).toBe(true);
    for (const kind of ERASABLE_SUBJECT_KINDS) {
      for (const { sql } of tombstoneStatements(kind))
        expect(erasureFields().some((field) => sql.includes(dataFieldExpression(field)))).toBe(true);
    }
  });

  it('names, per event, the subjects whose erasure would clear it, as its definition declares', () => {
    const seal = (type: EventType, data: Record<string, unknown> = {}): HindsightEvent => {
      const example = structuredClone(exampleEventInputs[type]) as unknown as { data: Record<string, unknown> };
      const input = validateEventInput({ ...example, data: { ...example.data, ...data } });
      return sealEvent(input, {
        id: formatUuidV7(0, Buffer.alloc(10)),
        recordedAt: '2026-03-01T10:00:00.000Z',
        tenant: 'acme',
        source: 'test',
      }) as HindsightEvent;
    };
    expect(
      erasableSubjectsNamed([
        seal('comparison.recorded', { raterId: 'r1' }),
        seal('annotation.corrected', { raterId: 'r1' }),
        seal('feedback.recorded', { interactionId: 'i1', userId: 'u1' }),
        seal('outcome.recorded', { interactionId: 'i2' }),
        seal('retrain.requested'),
        seal('subject.erasure.requested', { subjectKind: 'rater', subjectId: 'r9' }),
      ]),
    ).toEqual([
      { tenant: 'acme', kind: 'rater', id: 'r1' },
      { tenant: 'acme', kind: 'interaction', id: 'i1' },
      { tenant: 'acme', kind: 'user', id: 'u1' },
      { tenant: 'acme', kind: 'interaction', id: 'i2' },
    ]);
  });
});
