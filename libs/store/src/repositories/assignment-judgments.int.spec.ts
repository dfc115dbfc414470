import { randomBytes } from 'node:crypto';
import {
  exampleEventInputs,
  formatUuidV7,
  sealEvent,
  validateEventInput,
  type HindsightEvent,
} from '@hindsight/contracts';
import { planProjection } from '@hindsight/projections';
import { migratedSchemaFixture } from '../testing/migrated-schema-fixture';
import { ErasureWriter } from './erasure-writer';
import { applyChangeSet } from './read-models';

/*
 * A comparison that names a queue assignment completes it, as `queue.assignment-completed` does. The
 * comparison is on the annotations topic, the assignment and its completion or expiry on the queues topic:
 * the projector (and a replay) may apply them in any interleaving, in separate transactions, and every
 * interleaving must leave the same rows.
 */

const judgedAt = '2026-03-01T10:00:00.000Z';
const expiredAt = '2026-03-01T10:30:00.000Z';

type Step = 'assigned' | 'judged' | 'completed' | 'expired';

/** Every order the log can hold: the queue events in one of their orders, the comparison anywhere among them. */
function interleavings(queueSteps: readonly Step[]): Step[][] {
  return Array.from({ length: queueSteps.length + 1 }, (_, at) => [
    ...queueSteps.slice(0, at),
    'judged' as const,
    ...queueSteps.slice(at),
  ]);
}

describe('a comparison naming an assignment completes it, in every order the projection meets them', () => {
  const dataSource = migratedSchemaFixture('assignment_judgments');
  const erasure = new ErasureWriter();
  let scenario = 0;

  const sealed = (tenant: string, type: HindsightEvent['type'], data: Record<string, unknown>, recordedAt: string) => {
    const input = structuredClone(exampleEventInputs[type]) as unknown as { data: Record<string, unknown> };
    return sealEvent(validateEventInput({ ...input, data: { ...input.data, ...data } }), {
      id: formatUuidV7(Date.parse(recordedAt), randomBytes(10)),
      recordedAt,
      tenant,
      source: 'api',
    }) as HindsightEvent;
  };

  /** The events of one scenario, in its own tenant and with its own assignment id (the ids are global keys). */
  const eventsOf = (tenant: string, assignmentId: string): Record<Step | 'queue' | 'task', HindsightEvent> => {
    const ids = { queueId: 'q', taskId: 't', assignmentId };
    return {
      queue: sealed(tenant, 'queue.created', { queueId: 'q', overlap: 1 }, '2026-03-01T09:00:00.000Z'),
      task: sealed(tenant, 'queue.task-enqueued', { queueId: 'q', taskId: 't', seq: 1 }, '2026-03-01T09:00:01.000Z'),
      assigned: sealed(tenant, 'queue.task-assigned', { ...ids, ordinal: 1 }, '2026-03-01T09:50:00.000Z'),
      // The rater is the assignment's (rater-7 in the examples), the order the one served.
      judged: sealed(tenant, 'comparison.recorded', ids, judgedAt),
      // The api's completion carries the comparison's id and recordedAt.
      completed: sealed(
        tenant,
        'queue.assignment-completed',
        { ...ids, completedAt: judgedAt },
        '2026-03-01T10:00:00.050Z',
      ),
      expired: sealed(tenant, 'queue.assignment-expired', { ...ids, expiredAt }, expiredAt),
    };
  };

  /** Each event in a transaction of its own, as the projector applies one partition's batch. */
  const applyEach = async (events: readonly HindsightEvent[]) => {
    for (const event of events)
      await dataSource.transaction((tx) => applyChangeSet(tx, planProjection([event]), erasure));
  };

  /** The scenario's assignment and task rows, without the tenant and the assignment id that tell scenarios apart. */
  const rowsOf = async (tenant: string) => {
    const [assignment]: Record<string, unknown>[] = await dataSource.query(
      `SELECT rater_id, ordinal, shown_order, assigned_at, completed_at, expired_at, reversal_of
       FROM queue_assignments WHERE tenant = $1`,
      [tenant],
    );
    const [task]: Record<string, unknown>[] = await dataSource.query(
      'SELECT assigned_count, base_order FROM queue_tasks WHERE tenant = $1',
      [tenant],
    );
    return { assignment, task };
  };

  /** Applies `steps` in a fresh tenant and answers the rows they leave. */
  const play = async (steps: readonly Step[]) => {
    scenario += 1;
    const tenant = `judged-${scenario}`;
    const events = eventsOf(tenant, `asg-${scenario}`);
    await applyEach([events.queue, events.task, ...steps.map((s) => events[s])]);
    return rowsOf(tenant);
  };

  it('completes the assignment at the comparison’s recordedAt without any queue.assignment-completed, whether it comes before or after the assignment', async () => {
    for (const order of interleavings(['assigned'])) {
      const rows = await play(order);
      expect({ order, completedAt: rows.assignment.completed_at }).toEqual({ order, completedAt: new Date(judgedAt) });
      expect(rows.assignment.expired_at).toBeNull();
      expect(rows.task.assigned_count).toBe(1);
    }
  });

  it('gives the same rows whichever of the comparison and queue.assignment-completed comes first', async () => {
    const results = [];
    for (const order of interleavings(['assigned', 'completed'])) results.push({ order, rows: await play(order) });
    const judgedOnly = await play(['assigned', 'judged']);
    for (const r of results) expect(r).toEqual({ order: r.order, rows: judgedOnly });
  });

  it('gives the same rows whichever order a judgment and an expiry that raced it arrive in: judged, and its slot freed', async () => {
    const orders = [
      ...interleavings(['assigned', 'expired']),
      ...interleavings(['assigned', 'completed', 'expired']),
      ...interleavings(['assigned', 'expired', 'completed']),
    ];
    const results = [];
    for (const order of orders) results.push({ order, rows: await play(order) });
    const first = results[0].rows;
    expect(first.assignment).toMatchObject({ completed_at: new Date(judgedAt), expired_at: new Date(expiredAt) });
    expect(first.task.assigned_count).toBe(0);
    for (const r of results) expect(r).toEqual({ order: r.order, rows: first });
  });

  it('completes an assignment whose comparison and assignment two partitions apply at once, each in its own transaction', async () => {
    for (let round = 0; round < 3; round++) {
      scenario += 1;
      const tenant = `judged-${scenario}`;
      const events = eventsOf(tenant, `asg-${scenario}`);
      await applyEach([events.queue, events.task]);
      // The comparison's transaction holds its writes uncommitted while the assignment's runs: without the lock
      // of the assignment, neither saw the other's row and the assignment stayed open.
      let releaseJudgment!: () => void;
      const judgmentHeld = new Promise<void>((resolve) => (releaseJudgment = resolve));
      let judgmentApplied!: () => void;
      const judgmentWritten = new Promise<void>((resolve) => (judgmentApplied = resolve));
      const judgment = dataSource.transaction(async (tx) => {
        await applyChangeSet(tx, planProjection([events.judged]), erasure);
        judgmentApplied();
        await judgmentHeld;
      });
      await judgmentWritten;
      const assignment = dataSource.transaction((tx) => applyChangeSet(tx, planProjection([events.assigned]), erasure));
      await new Promise((resolve) => setTimeout(resolve, 200));
      releaseJudgment();
      await Promise.all([judgment, assignment]);
      expect((await rowsOf(tenant)).assignment.completed_at).toEqual(new Date(judgedAt));
    }
  });

  it('keeps the first of two comparisons of one assignment, whatever their order', async () => {
    scenario += 1;
    const tenant = `judged-${scenario}`;
    const events = eventsOf(tenant, `asg-${scenario}`);
    const later = sealed(
      tenant,
      'comparison.recorded',
      { queueId: 'q', taskId: 't', assignmentId: `asg-${scenario}` },
      '2026-03-01T10:05:00.000Z',
    );
    await applyEach([events.queue, events.task, later, events.assigned, events.judged]);
    expect((await rowsOf(tenant)).assignment.completed_at).toEqual(new Date(judgedAt));
  });

  it('completes nothing for a comparison that names the assignment under another queue or task', async () => {
    scenario += 1;
    const tenant = `judged-${scenario}`;
    const assignmentId = `asg-${scenario}`;
    const events = eventsOf(tenant, assignmentId);
    const elsewhere = [
      sealed(tenant, 'comparison.recorded', { queueId: 'other', taskId: 't', assignmentId }, judgedAt),
      sealed(tenant, 'comparison.recorded', { queueId: 'q', taskId: 'other', assignmentId }, judgedAt),
    ];
    await applyEach([events.queue, events.task, elsewhere[0], events.assigned, elsewhere[1]]);
    expect((await rowsOf(tenant)).assignment.completed_at).toBeNull();
  });
});
