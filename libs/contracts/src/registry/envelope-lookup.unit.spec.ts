import { parseEvent } from '../index';

/** The first issue parseEvent reports: the one the envelope's type and version lookup found. */
function firstIssue(input: unknown): unknown {
  try {
    parseEvent(input);
  } catch (error) {
    return (error as { issues: unknown[] }).issues[0];
  }
  throw new Error('parsed');
}

describe('parseEvent: the type and version of the envelope', () => {
  it('reads them from any object but an array, own or inherited, as the loose envelope schema did', () => {
    expect(firstIssue({})).toEqual({ path: 'type', rule: 'required' });
    expect(firstIssue(Object.create(null))).toEqual({ path: 'type', rule: 'required' });
    expect(firstIssue(new Date(0))).toEqual({ path: 'type', rule: 'required' });
    expect(firstIssue({ type: 1 })).toEqual({ path: 'type', rule: 'expected string' });
    expect(firstIssue({ type: 'nope', version: 1 })).toEqual({ path: 'type', rule: 'unknown event type' });
    expect(firstIssue(Object.create({ type: 'comparison.recorded' }))).toEqual({ path: 'version', rule: 'required' });
    expect(firstIssue({ type: 'comparison.recorded', version: '1' })).toEqual({
      path: 'version',
      rule: 'expected integer',
    });
    expect(firstIssue({ type: 'comparison.recorded', version: 9 })).toEqual({
      path: 'version',
      rule: 'must be one of: 1, 2',
    });
  });

  it("refuses what is no object, with the schema's issue", () => {
    expect(firstIssue([])).toEqual({ path: '', rule: 'expected object' });
    expect(firstIssue([{ type: 'comparison.recorded', version: 2 }])).toEqual({ path: '', rule: 'expected object' });
    expect(firstIssue(null)).toEqual({ path: '', rule: 'expected object' });
    expect(firstIssue('comparison.recorded')).toEqual({ path: '', rule: 'expected object' });
    expect(firstIssue(2)).toEqual({ path: '', rule: 'expected object' });
    expect(firstIssue(undefined)).toEqual({ path: '', rule: 'required' });
  });
});
