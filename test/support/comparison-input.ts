/**
 * A plain pairwise judgment as a client sends it (`POST /v1/events/batch`): task `i` of
 * a `qa` task type, two responses (short and long), the shown order alternating, the
 * longer one chosen two times in three, by one of `raters` raters named after `tag`
 * (which also names the task and the idempotency key, so specs do not collide).
 */
export function comparisonInput(i: number, tag: string, raters = 4) {
  return {
    type: 'comparison.recorded' as const,
    idempotencyKey: `${tag}-${i}`,
    data: {
      taskId: `${tag}-task-${i}`,
      taskType: 'qa',
      prompt: `${tag} question ${i}`,
      responses: [
        { id: 'a', text: `a short answer ${i}`, modelVersion: 'm1' },
        { id: 'b', text: `a longer and more careful answer ${i}`, modelVersion: 'm2' },
      ],
      shownOrder: i % 2 ? ['a', 'b'] : ['b', 'a'],
      choice: { kind: 'preferred', responseId: i % 3 ? 'b' : 'a' },
      objective: 'helpfulness',
      raterId: `${tag}-rater-${i % raters}`,
      guidelineVersion: 'v1',
      dwellTimeMs: 20_000,
      locale: 'en',
    },
  };
}
