import type { EventInputOfType, EventType } from './index';

/**
 * One valid client input per event type, at the latest version. Used by this
 * lib's tests and handy for other tests and the OpenAPI examples. Plain data.
 */
export const exampleEventInputs: { readonly [T in EventType]: EventInputOfType<T> } = {
  'comparison.recorded': {
    type: 'comparison.recorded',
    occurredAt: '2026-03-01T09:59:30.000Z',
    idempotencyKey: 'cmp-task-42-rater-7',
    data: {
      taskId: 'task-42',
      taskType: 'coding-help',
      prompt: 'Write a function that reverses a string.',
      responses: [
        { id: 'r1', text: 'def rev(s): return s[::-1]', modelVersion: 'policy@2026-02-01' },
        { id: 'r2', text: 'Use a loop.', modelVersion: 'policy@2026-01-01' },
      ],
      shownOrder: ['r2', 'r1'],
      choice: { kind: 'preferred', responseId: 'r1' },
      strength: 2,
      objective: 'helpfulness',
      raterId: 'rater-7',
      guidelineVersion: 'v3.1',
      dwellTimeMs: 41250,
      locale: 'en-GB',
      interfaceVersion: 'annotator@5.2.0',
      queueId: 'queue-coding',
      assignmentId: 'asg-9001',
    },
  },
  'rating.recorded': {
    type: 'rating.recorded',
    idempotencyKey: 'rate-task-43-rater-7',
    data: {
      taskId: 'task-43',
      taskType: 'summarisation',
      prompt: 'Summarise the attached article.',
      response: { id: 'r1', text: 'The article argues that…', modelVersion: 'policy@2026-02-01' },
      scale: { min: 1, max: 7 },
      scores: { accuracy: 6, clarity: 5.5, 'tone-appropriate': 7 },
      objective: 'honesty',
      raterId: 'rater-7',
      guidelineVersion: 'v2',
      dwellTimeMs: 90000,
      locale: 'de',
    },
  },
  'annotation.retracted': {
    type: 'annotation.retracted',
    idempotencyKey: 'retract-1',
    data: { annotationId: '017f22e2-79b0-7cc3-98c4-dc0c0c07398f', taskId: 'task-42', raterId: 'rater-7', reason: 'Rater misread the prompt.' },
  },
  'annotation.corrected': {
    type: 'annotation.corrected',
    idempotencyKey: 'correct-1',
    data: {
      annotationId: '017f22e2-79b0-7cc3-98c4-dc0c0c07398f',
      annotationType: 'comparison.recorded',
      taskId: 'task-42',
      raterId: 'rater-7',
      corrected: { choice: { kind: 'tie' }, strength: null },
      reason: 'Both responses are correct.',
    },
  },
  'rater.profiled': {
    type: 'rater.profiled',
    idempotencyKey: 'profile-rater-7-2026-03',
    data: {
      raterId: 'rater-7',
      expertise: [
        { domain: 'python', level: 'expert' },
        { domain: 'medicine', level: 'novice' },
      ],
      languages: ['en', 'de'],
      region: 'DE',
      optInGroup: 'age-30-39',
    },
  },
  'interaction.logged': {
    type: 'interaction.logged',
    source: 'widget@1.0.0',
    idempotencyKey: 'int-abc',
    data: {
      interactionId: 'int-abc',
      prompt: 'How do I reset my password?',
      response: 'Open Settings, then Security, then Reset password.',
      modelVersion: 'assistant@2026-02-15',
      userId: 'user-5f3a',
      metadata: { surface: 'help-center', experiment: 'b', latencyMs: 820, signedIn: true, plan: null },
    },
  },
  'feedback.recorded': {
    type: 'feedback.recorded',
    idempotencyKey: 'fb-int-abc-1',
    data: {
      interactionId: 'int-abc',
      kind: 'correction',
      correctedResponse: 'Open Settings → Security → Reset password, then check your email.',
      comment: 'It forgot the email step.',
    },
  },
  'outcome.recorded': {
    type: 'outcome.recorded',
    idempotencyKey: 'outcome-int-abc-ticket',
    data: { interactionId: 'int-abc', outcome: 'ticket-resolved', success: true },
  },
  'retrain.requested': {
    type: 'retrain.requested',
    source: 'scheduler',
    idempotencyKey: 'policy-quarterly:2026-Q1',
    data: {
      runId: 'run-2026-q1-quarterly',
      trigger: { kind: 'policy', policyId: 'quarterly', reason: 'cadence' },
      asOf: '2026-03-31T23:59:59.999Z',
      objectives: ['helpfulness', 'harmlessness'],
      recipe: { id: 'default-pairs', version: 3 },
      period: '2026-Q1',
    },
  },
  'retrain.dataset-built': {
    type: 'retrain.dataset-built',
    idempotencyKey: 'run-2026-q1-quarterly:dataset-built',
    data: {
      runId: 'run-2026-q1-quarterly',
      asOf: '2026-03-31T23:59:59.999Z',
      datasets: [
        {
          objective: 'helpfulness',
          sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
          examples: 12840,
          manifestUri: 'file:///var/hindsight/datasets/run-2026-q1-quarterly/helpfulness/manifest.json',
        },
      ],
      codeVersion: 'hindsight@0.1.0',
    },
  },
  'retrain.completed': {
    type: 'retrain.completed',
    idempotencyKey: 'run-2026-q1-quarterly:completed',
    data: {
      runId: 'run-2026-q1-quarterly',
      models: [{ objective: 'helpfulness', modelVersion: 'rm-helpfulness@7', metrics: { pairwiseAccuracy: 0.71, ece: 0.04 } }],
    },
  },
  'retrain.failed': {
    type: 'retrain.failed',
    idempotencyKey: 'run-2026-q1-quarterly:failed',
    data: {
      runId: 'run-2026-q1-quarterly',
      stage: 'quality-gate',
      reasons: [{ code: 'agreement-below-threshold', message: "Krippendorff's alpha 0.31 < 0.4 for task type coding-help" }],
    },
  },
  'training.metrics.reported': {
    type: 'training.metrics.reported',
    idempotencyKey: 'run-ppo-17:step-1000',
    data: { runId: 'run-ppo-17', objective: 'helpfulness', step: 1000, meanReward: 1.84, kl: 3.2 },
  },
  'eval.human.reported': {
    type: 'eval.human.reported',
    idempotencyKey: 'run-ppo-17:eval-1000',
    data: { runId: 'run-ppo-17', step: 1000, winRate: 0.58, n: 400, baseline: 'policy@2026-01-01' },
  },
  'retrain.run-advanced': {
    type: 'retrain.run-advanced',
    source: 'trainer',
    idempotencyKey: 'retrain:run-2026-q1-quarterly:advanced:gated',
    data: {
      runId: 'run-2026-q1-quarterly',
      state: 'gated',
      policyId: '0190a000-0000-7000-8000-000000000001',
      recipe: { ref: { id: 'default', version: 1 }, document: {} },
      gates: { minPairsPerObjective: 50, minAgreement: 0.4 },
      datasets: [
        {
          objective: 'helpfulness',
          sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
          examples: 12840,
          bySplit: { train: 10272, validation: 1284, test: 1284 },
          uri: 'file:///var/hindsight/artifacts/datasets/run-2026-q1-quarterly/helpfulness',
          manifestUri: 'file:///var/hindsight/artifacts/datasets/run-2026-q1-quarterly/helpfulness/manifest.json',
        },
      ],
      gateReport: { passed: true, reasons: [], pooledKappa: 0.62 },
      failure: null,
    },
  },
  'model.registered': {
    type: 'model.registered',
    source: 'trainer',
    idempotencyKey: 'retrain:run-2026-q1-quarterly:model:helpfulness',
    data: {
      runId: 'run-2026-q1-quarterly',
      objective: 'helpfulness',
      modelVersion: 'helpfulness-run-2026-q1-quarterly',
      parentVersion: 'helpfulness-run-2025-q4-quarterly',
      policyId: '0190a000-0000-7000-8000-000000000001',
      asOf: '2026-03-31T23:59:59.999Z',
      recipe: { ref: { id: 'default', version: 1 }, document: {} },
      datasetSha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      datasetUri: 'file:///var/hindsight/artifacts/datasets/run-2026-q1-quarterly/helpfulness',
      artifactUri: 'file:///var/hindsight/artifacts/models/helpfulness-run-2026-q1-quarterly.json',
      manifest: { format: 'hindsight.dataset-manifest', version: 1, counts: { pairs: 12840 } },
      metrics: { pairwiseAccuracy: 0.71, logLoss: 0.58, expectedCalibrationError: 0.04, heldOutPairs: 1284 },
      training: { seed: 1, iterations: 120, converged: true },
      codeVersion: 'hindsight@0.1.0',
    },
  },
  'subject.erasure.requested': {
    type: 'subject.erasure.requested',
    idempotencyKey: 'erase-user-5f3a',
    data: { subjectKind: 'user', subjectId: 'user-5f3a', reason: 'GDPR Art. 17 request #1234' },
  },
  'queue.created': {
    type: 'queue.created',
    idempotencyKey: 'queue-created-queue-coding',
    data: { queueId: 'queue-coding', name: 'Coding help', overlap: 2, counterbalance: true, taskType: 'coding-help', objective: 'helpfulness', guidelineVersion: 'v3.1' },
  },
  'queue.task-enqueued': {
    type: 'queue.task-enqueued',
    idempotencyKey: 'queue-task-enqueued-queue-coding-task-42',
    data: {
      queueId: 'queue-coding',
      taskId: 'task-42',
      seq: 1,
      prompt: 'Write a function that reverses a string.',
      responses: [
        { id: 'r1', text: 'def rev(s): return s[::-1]', modelVersion: 'policy@2026-02-01' },
        { id: 'r2', text: 'Use a loop.', modelVersion: 'policy@2026-01-01' },
      ],
      taskType: 'coding-help',
    },
  },
  'queue.task-assigned': {
    type: 'queue.task-assigned',
    idempotencyKey: 'queue-task-assigned-asg-9001',
    data: { queueId: 'queue-coding', taskId: 'task-42', assignmentId: 'asg-9001', raterId: 'rater-7', ordinal: 1, shownOrder: ['r2', 'r1'], baseOrder: ['r2', 'r1'] },
  },
  'queue.assignment-completed': {
    type: 'queue.assignment-completed',
    idempotencyKey: 'queue-assignment-completed-asg-9001',
    data: { queueId: 'queue-coding', taskId: 'task-42', assignmentId: 'asg-9001', annotationId: '017f22e2-79b0-7cc3-98c4-dc0c0c07398f', completedAt: '2026-03-01T10:00:00.000Z' },
  },
};
