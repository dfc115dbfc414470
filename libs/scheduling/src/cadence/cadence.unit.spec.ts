import { canonicalTimeZone, cronOf, isValidCadence, isValidTimeZone } from './cadence';

describe('cadences and time zones', () => {
  it('expands shorthands and accepts five-field cron expressions and nicknames', () => {
    expect(cronOf('quarterly')).toBe('0 0 1 1,4,7,10 *');
    expect(cronOf('monthly')).toBe('0 0 1 * *');
    expect(cronOf('weekly')).toBe('0 0 * * 1');
    expect(cronOf(' 30 2 * * * ')).toBe('30 2 * * *');
    expect(isValidCadence('@daily')).toBe(true);
    expect(isValidCadence('0 0 L * *')).toBe(true);
  });

  it.each([['every tuesday'], ['61 * * * *'], ['0 0 0 * * *'], ['0 ? * * *'], [''], ['yearly']])(
    'rejects %j naming the field',
    (cadence) => {
      expect(() => cronOf(cadence)).toThrow('cadence: not a valid cron expression or shorthand');
    },
  );

  it('rejects a cron expression that never fires', () => {
    expect(() => cronOf('0 0 31 2 *')).toThrow('cadence: never fires');
  });

  it('knows IANA zones, canonicalises their spelling and refuses offsets', () => {
    expect(isValidTimeZone('Europe/Berlin')).toBe(true);
    expect(canonicalTimeZone('europe/berlin')).toBe('Europe/Berlin');
    expect(isValidTimeZone('+02:00')).toBe(false);
    expect(() => canonicalTimeZone('Mars/Olympus')).toThrow('timezone: unknown IANA time zone');
  });
});
