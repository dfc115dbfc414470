import {
  exampleEventInputs,
  sealEvent,
  validateEventInput,
  type EventOfType,
  type EventType,
} from '@hindsight/contracts';

/** When every example event of the projections' unit specs was recorded. */
export const exampleRecordedAt = '2026-04-01T12:00:00.000Z';

/**
 * libs/contracts' example event of `type`, sealed under `id` for tenant `acme`
 * at {@link exampleRecordedAt}: fixed values, so a spec can name what a row holds.
 * For unit specs only.
 * @throws ValidationError if the example is not a valid input (a contracts bug).
 */
export function sealedExampleEvent<T extends EventType>(type: T, id: string): EventOfType<T> {
  return sealEvent(validateEventInput(exampleEventInputs[type]), {
    id,
    recordedAt: exampleRecordedAt,
    tenant: 'acme',
    source: 'api',
  }) as EventOfType<T>;
}
