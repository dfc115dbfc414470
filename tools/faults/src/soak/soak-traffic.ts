import { randomUUID } from 'node:crypto';
import { exampleEventInputs } from '@hindsight/contracts';

/** One request of the mixed traffic: a route and a body, and the idempotency keys of the events in it. */
export interface SoakRequest {
  readonly kind: 'comparison' | 'interaction' | 'feedback' | 'comparison-batch' | 'interaction-batch';
  readonly path: '/v1/events' | '/v1/events/batch';
  readonly body: unknown;
  readonly events: number;
}

function comparison(random: () => number): Record<string, unknown> {
  const input = structuredClone(exampleEventInputs['comparison.recorded']) as unknown as {
    data: Record<string, unknown>;
  } & Record<string, unknown>;
  delete input.occurredAt;
  delete input.data.assignmentId;
  delete input.data.queueId;
  const task = `soak-task-${Math.floor(random() * 5000)}`;
  input.data.taskId = task;
  input.data.raterId = `soak-rater-${Math.floor(random() * 40)}`;
  input.data.prompt = `Question ${task}: ${'x'.repeat(Math.floor(random() * 400))}`;
  input.data.choice = { kind: 'preferred', responseId: random() < 0.6 ? 'r1' : 'r2' };
  return { ...input, idempotencyKey: `soak-c-${randomUUID()}` };
}

function interaction(interactionId: string, random: () => number): Record<string, unknown> {
  const input = structuredClone(exampleEventInputs['interaction.logged']) as unknown as {
    data: Record<string, unknown>;
  } & Record<string, unknown>;
  input.data.interactionId = interactionId;
  input.data.userId = `soak-user-${Math.floor(random() * 500)}`;
  input.data.response = `Answer ${'y'.repeat(Math.floor(random() * 600))}`;
  return { ...input, idempotencyKey: `soak-i-${interactionId}` };
}

function feedback(interactionId: string): Record<string, unknown> {
  const input = structuredClone(exampleEventInputs['feedback.recorded']) as unknown as {
    data: Record<string, unknown>;
  } & Record<string, unknown>;
  input.data.interactionId = interactionId;
  return { ...input, idempotencyKey: `soak-f-${randomUUID()}` };
}

/**
 * The soak's mix, drawn request by request: single comparisons (35 %), single
 * interactions (25 %), feedback on an interaction logged earlier (20 %), batches
 * of 20 comparisons (10 %) and batches of 10 interactions (10 %).
 */
export function soakTrafficSource(random: () => number): () => SoakRequest {
  const interactions: string[] = [];
  const remember = (id: string) => {
    interactions.push(id);
    if (interactions.length > 2000) interactions.shift();
  };
  return () => {
    const draw = random();
    if (draw < 0.35) return { kind: 'comparison', path: '/v1/events', body: comparison(random), events: 1 };
    if (draw < 0.6 || (draw < 0.8 && interactions.length === 0)) {
      const id = `soak-int-${randomUUID()}`;
      remember(id);
      return { kind: 'interaction', path: '/v1/events', body: interaction(id, random), events: 1 };
    }
    if (draw < 0.8)
      return {
        kind: 'feedback',
        path: '/v1/events',
        body: feedback(interactions[Math.floor(random() * interactions.length)]),
        events: 1,
      };
    if (draw < 0.9)
      return {
        kind: 'comparison-batch',
        path: '/v1/events/batch',
        body: { events: Array.from({ length: 20 }, () => comparison(random)) },
        events: 20,
      };
    const ids = Array.from({ length: 10 }, () => `soak-int-${randomUUID()}`);
    ids.forEach(remember);
    return {
      kind: 'interaction-batch',
      path: '/v1/events/batch',
      body: { events: ids.map((id) => interaction(id, random)) },
      events: 10,
    };
  };
}
