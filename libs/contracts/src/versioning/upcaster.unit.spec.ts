import { z } from 'zod';
import {
  IllegalStateError,
  TOPICS,
  ValidationError,
  comparisonRecordedDataV1,
  comparisonRecordedV1,
  comparisonRecordedDataV2,
  exampleEventInputs,
  interactionLoggedDataV2,
  queueCreatedDataV2,
  createEventRegistry,
  defineEvent,
  defineUpcaster,
  eventRegistry,
  parseEvent,
  upcastEvent,
  upcasters,
} from '../index';

/**
 * A fabricated history of `comparison.recorded`, registered only in this test:
 *   v1 (legacy): exactly two responses `a`/`b`, `shownFirst`, `preferred: 'a' | 'b' | 'tie'`;
 *   v2: today's published v1 shape;
 *   v3: v2 plus `labels`.
 */
const declarations = {
  senders: comparisonRecordedV1.senders,
  personalSubject: comparisonRecordedV1.personalSubject,
  erasedBy: comparisonRecordedV1.erasedBy,
};

const legacyV1 = defineEvent({
  type: 'comparison.recorded',
  version: 1,
  topic: TOPICS.annotations,
  description: 'Fabricated legacy shape: two responses a/b.',
  data: z.strictObject({
    taskId: z.string(),
    prompt: z.string(),
    responseA: z.strictObject({ text: z.string(), model: z.string() }),
    responseB: z.strictObject({ text: z.string(), model: z.string() }),
    shownFirst: z.enum(['a', 'b']),
    preferred: z.enum(['a', 'b', 'tie']),
    raterId: z.string(),
    guidelineVersion: z.string(),
    dwellTimeMs: z.number().int(),
  }),
  subject: (data) => ({ kind: 'task', id: data.taskId }),
  partitionKey: (data) => data.taskId,
  ...declarations,
});

const currentV2 = defineEvent({
  type: 'comparison.recorded',
  version: 2,
  topic: TOPICS.annotations,
  description: comparisonRecordedV1.description,
  data: comparisonRecordedDataV1,
  subject: comparisonRecordedV1.subjectOf,
  partitionKey: comparisonRecordedV1.partitionKeyOf,
  ...declarations,
});

const futureV3 = defineEvent({
  type: 'comparison.recorded',
  version: 3,
  topic: TOPICS.annotations,
  description: 'Fabricated future shape: v2 plus labels.',
  data: z.strictObject({ ...comparisonRecordedDataV1.shape, labels: z.array(z.string()) }),
  subject: comparisonRecordedV1.subjectOf,
  partitionKey: comparisonRecordedV1.partitionKeyOf,
  ...declarations,
});

const v1ToV2 = defineUpcaster(legacyV1, currentV2, (data) => ({
  taskId: data.taskId,
  taskType: 'legacy',
  prompt: data.prompt,
  responses: [
    { id: 'a', text: data.responseA.text, modelVersion: data.responseA.model },
    { id: 'b', text: data.responseB.text, modelVersion: data.responseB.model },
  ],
  shownOrder: data.shownFirst === 'a' ? ['a', 'b'] : ['b', 'a'],
  choice:
    data.preferred === 'tie' ? { kind: 'tie' as const } : { kind: 'preferred' as const, responseId: data.preferred },
  objective: 'helpfulness',
  raterId: data.raterId,
  guidelineVersion: data.guidelineVersion,
  dwellTimeMs: data.dwellTimeMs,
  locale: 'und',
}));

const v2ToV3 = defineUpcaster(currentV2, futureV3, (data) => ({ ...data, labels: [] }));

const registry = createEventRegistry([legacyV1, currentV2, futureV3], [v1ToV2, v2ToV3]);

const legacyData = {
  taskId: 'task-1',
  prompt: 'Which is kinder?',
  responseA: { text: 'A', model: 'm@1' },
  responseB: { text: 'B', model: 'm@2' },
  shownFirst: 'b',
  preferred: 'a',
  raterId: 'rater-1',
  guidelineVersion: 'g1',
  dwellTimeMs: 1200,
};

const storedLegacy = {
  id: '017f22e2-79b0-7cc3-98c4-dc0c0c07398f',
  type: 'comparison.recorded',
  version: 1,
  tenant: 'acme',
  source: 'annotator',
  subject: { kind: 'task', id: 'task-1' },
  occurredAt: '2022-02-22T19:22:22.000Z',
  recordedAt: '2022-02-22T19:22:22.000Z',
  idempotencyKey: 'k-1',
  data: legacyData,
};

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

describe('upcasting', () => {
  it('brings a stored v1 through v2 to v3, one pure step at a time', () => {
    const input = deepFreeze(structuredClone(storedLegacy));
    const event = registry.parseEvent(input);
    expect(event.version).toBe(3);
    expect(event.id).toBe(storedLegacy.id);
    expect(event.recordedAt).toBe(storedLegacy.recordedAt);
    expect(event.data).toEqual({
      taskId: 'task-1',
      taskType: 'legacy',
      prompt: 'Which is kinder?',
      responses: [
        { id: 'a', text: 'A', modelVersion: 'm@1' },
        { id: 'b', text: 'B', modelVersion: 'm@2' },
      ],
      shownOrder: ['b', 'a'],
      choice: { kind: 'preferred', responseId: 'a' },
      objective: 'helpfulness',
      raterId: 'rater-1',
      guidelineVersion: 'g1',
      dwellTimeMs: 1200,
      locale: 'und',
      labels: [],
    });
    expect(input).toEqual(storedLegacy);
  });

  it('upcasts a stored v2 by one step and leaves a v3 alone', () => {
    const v3 = registry.parseEvent(storedLegacy);
    const { labels: _labels, ...v2Data } = v3.data as Record<string, unknown>;
    expect(registry.parseEvent({ ...storedLegacy, version: 2, data: v2Data })).toEqual(v3);
    expect(registry.parseEvent(v3)).toEqual(v3);
    expect(registry.upcast(v3)).toBe(v3);
  });

  it('validates the stored version before upcasting, naming the field', () => {
    expect(() => registry.parseEvent({ ...storedLegacy, data: { ...legacyData, preferred: 'c' } })).toThrow(
      new ValidationError([{ path: 'data.preferred', rule: 'must be one of: a, b, tie' }]),
    );
  });

  it('upcasts client input sent at an old version and sets the latest version', () => {
    const input = registry.validateEventInput({
      type: 'comparison.recorded',
      version: 1,
      idempotencyKey: 'k',
      data: legacyData,
    });
    expect(input.version).toBe(3);
    expect(input.data).toMatchObject({ shownOrder: ['b', 'a'], labels: [] });
    expect(
      registry.validateEventInput({ type: 'comparison.recorded', idempotencyKey: 'k', data: input.data }).version,
    ).toBe(3);
  });

  it('rejects the output of a buggy upcaster against the latest schema', () => {
    const broken = defineUpcaster(currentV2, futureV3, (data) => ({ ...data, labels: 'oops' as unknown as string[] }));
    const buggy = createEventRegistry([legacyV1, currentV2, futureV3], [v1ToV2, broken]);
    expect(() => buggy.parseEvent(storedLegacy)).toThrow(ValidationError);
  });

  it('refuses an event newer than the latest known version', () => {
    const latestOnly = createEventRegistry([legacyV1]);
    expect(() => latestOnly.upcast({ ...storedLegacy, version: 2 } as never)).toThrow(IllegalStateError);
    expect(() => upcastEvent({ ...storedLegacy, version: 4 } as never, 3, new Map())).toThrow(
      /newer than the latest known v3/,
    );
  });

  it('refuses to build a registry with a missing step, a gap, a duplicate or a stray upcaster', () => {
    expect(() => createEventRegistry([legacyV1, currentV2, futureV3], [v1ToV2])).toThrow(
      /no upcaster for comparison.recorded v2 → v3/,
    );
    expect(() => createEventRegistry([legacyV1, futureV3], [])).toThrow(/must be consecutive/);
    expect(() => createEventRegistry([legacyV1, legacyV1])).toThrow(/defined twice/);
    expect(() => createEventRegistry([legacyV1], [v1ToV2])).toThrow(/names an undefined version/);
    expect(() => defineUpcaster(legacyV1, futureV3, () => ({}) as never)).toThrow(/exactly one version/);
  });

  it('the published registry: comparison.recorded, interaction.logged and queue.created at v2 with one upcaster each, every other type at v1', () => {
    expect(upcasters.map((step) => `${step.type} v${step.fromVersion}`).sort()).toEqual([
      'comparison.recorded v1',
      'interaction.logged v1',
      'queue.created v1',
    ]);
    const atV2 = new Set(['comparison.recorded', 'interaction.logged', 'queue.created']);
    for (const [type, entry] of Object.entries(eventRegistry)) {
      expect(entry.latestVersion).toBe(atV2.has(type) ? 2 : 1);
      expect(Object.keys(entry.schemas)).toEqual(atV2.has(type) ? ['1', '2'] : ['1']);
    }
  });

  it('a stored v1 comparison and v1 queue read back as v2 unchanged (no rubric, no comment)', () => {
    const comparison = { ...storedLegacy, data: exampleEventInputs['comparison.recorded'].data };
    const upcastComparison = upcastEvent(
      comparison as never,
      2,
      new Map(upcasters.filter((s) => s.type === 'comparison.recorded').map((s) => [s.fromVersion, s])),
    );
    expect(upcastComparison).toMatchObject({ version: 2, data: exampleEventInputs['comparison.recorded'].data });
    expect((upcastComparison as { data: Record<string, unknown> }).data).not.toHaveProperty('rubric');
    expect(
      comparisonRecordedDataV2.safeParse({
        ...exampleEventInputs['comparison.recorded'].data,
        comment: 'x'.repeat(2001),
      }).success,
    ).toBe(false);
    expect(
      comparisonRecordedDataV2.safeParse({
        ...exampleEventInputs['comparison.recorded'].data,
        rubric: { clarity: 4 },
        comment: 'clear',
      }).success,
    ).toBe(true);
    expect(
      queueCreatedDataV2.safeParse({
        ...exampleEventInputs['queue.created'].data,
        rubric: [
          { id: 'a', label: 'A', scale: { min: 1, max: 5 } },
          { id: 'a', label: 'B', scale: { min: 1, max: 5 } },
        ],
      }).success,
    ).toBe(false);
  });

  it('a stored v1 interaction reads back as v2 unchanged (no objective, surface or locale); v2 checks each new field', () => {
    const { objective: _o, surface: _s, locale: _l, ...v1Data } = exampleEventInputs['interaction.logged'].data;
    const stored = {
      ...storedLegacy,
      type: 'interaction.logged',
      subject: { kind: 'interaction', id: v1Data.interactionId },
      data: v1Data,
    };
    const upcast = parseEvent(stored);
    expect(upcast).toMatchObject({ version: 2, data: v1Data });
    expect(upcast.data).not.toHaveProperty('objective');
    const v2 = exampleEventInputs['interaction.logged'].data;
    const issues = (data: unknown) =>
      interactionLoggedDataV2.safeParse(data).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? [];
    expect(issues(v2)).toEqual([]);
    expect(issues({ ...v2, objective: 'Helpfulness!', surface: 'help center', locale: 'english' })).toEqual([
      'objective: must be a slug (lower-case letters, digits and hyphens, 1-63 chars)',
      'surface: must be visible ASCII without spaces',
      'locale: must be a BCP 47 language tag',
    ]);
  });
});
