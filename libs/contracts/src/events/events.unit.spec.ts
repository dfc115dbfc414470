import {
  EVENT_TYPES,
  eventRegistry,
  exampleEventInputs,
  parseEvent,
  partitionKey,
  sealEvent,
  topicOf,
  validateEventInput,
  type EventType,
  type HindsightEvent,
} from '../index';

const context = {
  id: '017f22e2-79b0-7cc3-98c4-dc0c0c07398f',
  recordedAt: '2026-03-01T10:00:00.000Z',
  tenant: 'acme',
  source: 'api',
};

function seal(type: EventType): HindsightEvent {
  return sealEvent(validateEventInput(exampleEventInputs[type]), context);
}

// Compile-time: EVENT_TYPES lists every member of the union.
type Missing = Exclude<EventType, (typeof EVENT_TYPES)[number]>;
const everyTypeListed: [Missing] extends [never] ? true : false = true;

describe('event families', () => {
  it('lists every type once, and the registry knows exactly those', () => {
    expect(everyTypeListed).toBe(true);
    expect(new Set(EVENT_TYPES).size).toBe(EVENT_TYPES.length);
    expect(Object.keys(eventRegistry).sort()).toEqual([...EVENT_TYPES].sort());
    expect(Object.keys(exampleEventInputs).sort()).toEqual([...EVENT_TYPES].sort());
  });

  it.each(EVENT_TYPES)('%s: a valid example validates, seals and parses back unchanged', (type) => {
    const input = validateEventInput(exampleEventInputs[type]);
    const latest = eventRegistry[type].latestVersion;
    expect(input.version).toBe(latest);
    expect(input.type).toBe(type);
    const event = sealEvent(input, context);
    expect(event).toMatchObject({
      id: context.id,
      type,
      version: latest,
      tenant: 'acme',
      recordedAt: context.recordedAt,
      idempotencyKey: exampleEventInputs[type].idempotencyKey,
    });
    expect(event.data).toEqual(exampleEventInputs[type].data);
    const stored = JSON.parse(JSON.stringify(event));
    expect(parseEvent(stored)).toEqual(event);
  });

  it('past-tense dotted type names', () => {
    for (const type of EVENT_TYPES) expect(type).toMatch(/^[a-z]+(?:-[a-z]+)*(?:\.[a-z]+(?:-[a-z]+)*)+$/);
    for (const type of EVENT_TYPES) expect(type).toMatch(/(?:ed|built)$/);
  });

  it('keeps the stored envelope in a fixed field order', () => {
    expect(Object.keys(seal('outcome.recorded'))).toEqual([
      'id',
      'type',
      'version',
      'tenant',
      'source',
      'subject',
      'occurredAt',
      'recordedAt',
      'idempotencyKey',
      'data',
    ]);
  });

  it('occurredAt defaults to recordedAt; the client occurredAt is kept; source defaults to the context', () => {
    const rating = seal('rating.recorded');
    expect(rating.occurredAt).toBe(context.recordedAt);
    expect(rating.source).toBe('api');
    const comparison = seal('comparison.recorded');
    expect(comparison.occurredAt).toBe('2026-03-01T09:59:30.000Z');
    expect(seal('interaction.logged').source).toBe('widget@1.0.0');
  });

  it.each<[EventType, { kind: string; id: string }]>([
    ['comparison.recorded', { kind: 'task', id: 'task-42' }],
    ['rating.recorded', { kind: 'task', id: 'task-43' }],
    ['annotation.retracted', { kind: 'annotation', id: '017f22e2-79b0-7cc3-98c4-dc0c0c07398f' }],
    ['annotation.corrected', { kind: 'annotation', id: '017f22e2-79b0-7cc3-98c4-dc0c0c07398f' }],
    ['rater.profiled', { kind: 'rater', id: 'rater-7' }],
    ['interaction.logged', { kind: 'interaction', id: 'int-abc' }],
    ['feedback.recorded', { kind: 'interaction', id: 'int-abc' }],
    ['outcome.recorded', { kind: 'interaction', id: 'int-abc' }],
    ['retrain.requested', { kind: 'run', id: 'run-2026-q1-quarterly' }],
    ['retrain.dataset-built', { kind: 'run', id: 'run-2026-q1-quarterly' }],
    ['retrain.completed', { kind: 'run', id: 'run-2026-q1-quarterly' }],
    ['retrain.failed', { kind: 'run', id: 'run-2026-q1-quarterly' }],
    ['training.metrics.reported', { kind: 'run', id: 'run-ppo-17' }],
    ['eval.human.reported', { kind: 'run', id: 'run-ppo-17' }],
    ['subject.erasure.requested', { kind: 'user', id: 'user-5f3a' }],
    ['queue.created', { kind: 'queue', id: 'queue-coding' }],
    ['queue.task-enqueued', { kind: 'task', id: 'task-42' }],
    ['queue.task-assigned', { kind: 'task', id: 'task-42' }],
    ['queue.assignment-completed', { kind: 'task', id: 'task-42' }],
  ])('%s: subject is derived from data', (type, subject) => {
    expect(seal(type).subject).toEqual(subject);
  });

  it.each<[EventType, string, string]>([
    ['comparison.recorded', 'annotations', 'task-42'],
    ['rating.recorded', 'annotations', 'task-43'],
    ['annotation.retracted', 'annotations', 'task-42'],
    ['annotation.corrected', 'annotations', 'task-42'],
    ['rater.profiled', 'annotations', 'rater-7'],
    ['interaction.logged', 'deployment', 'int-abc'],
    ['feedback.recorded', 'deployment', 'int-abc'],
    ['outcome.recorded', 'deployment', 'int-abc'],
    ['retrain.requested', 'retraining', 'run-2026-q1-quarterly'],
    ['retrain.dataset-built', 'retraining', 'run-2026-q1-quarterly'],
    ['retrain.completed', 'retraining', 'run-2026-q1-quarterly'],
    ['retrain.failed', 'retraining', 'run-2026-q1-quarterly'],
    ['training.metrics.reported', 'retraining', 'run-ppo-17'],
    ['eval.human.reported', 'retraining', 'run-ppo-17'],
    ['subject.erasure.requested', 'governance', 'user-5f3a'],
    ['queue.created', 'queues', 'queue-coding'],
    ['queue.task-enqueued', 'queues', 'queue-coding'],
    ['queue.task-assigned', 'queues', 'queue-coding'],
    ['queue.assignment-completed', 'queues', 'queue-coding'],
  ])('%s goes to %s keyed by %s', (type, topic, key) => {
    const event = seal(type);
    expect(topicOf(type)).toBe(topic);
    expect(eventRegistry[type].topic).toBe(topic);
    expect(partitionKey(event)).toBe(key);
  });

  it('narrows on type with an exhaustive switch', () => {
    const describeEvent = (event: HindsightEvent): string => {
      switch (event.type) {
        case 'comparison.recorded':
          return event.data.choice.kind === 'tie' ? 'tie' : event.data.choice.responseId;
        case 'feedback.recorded':
          return event.data.kind;
        default:
          return event.type;
      }
    };
    expect(describeEvent(seal('comparison.recorded'))).toBe('r1');
    expect(describeEvent(seal('feedback.recorded'))).toBe('correction');
  });

  it('accepts a tie, responses beyond two, and a rating with scores at the scale ends', () => {
    const base = exampleEventInputs['comparison.recorded'];
    const tie = validateEventInput({
      ...base,
      data: {
        ...base.data,
        responses: [...base.data.responses, { id: 'r3', text: 'x', modelVersion: 'm' }],
        shownOrder: ['r3', 'r1', 'r2'],
        choice: { kind: 'tie' },
        strength: undefined,
      },
    });
    expect(tie.data).toMatchObject({ choice: { kind: 'tie' } });
    const rating = exampleEventInputs['rating.recorded'];
    expect(() => validateEventInput({ ...rating, data: { ...rating.data, scores: { a: 1, b: 7 } } })).not.toThrow();
  });

  it('accepts an outcome with a value only, and manual retrains without a period', () => {
    expect(() =>
      validateEventInput({
        type: 'outcome.recorded',
        idempotencyKey: 'k',
        data: { interactionId: 'i', outcome: 'latency-ms', value: 812 },
      }),
    ).not.toThrow();
    const retrain = exampleEventInputs['retrain.requested'];
    expect(() =>
      validateEventInput({
        ...retrain,
        data: { ...retrain.data, trigger: { kind: 'manual', requestedBy: 'alice' }, period: undefined },
      }),
    ).not.toThrow();
  });
});
