import { humanTailLine, parseTailLine } from './tail-lines';

const event = {
  id: '0193',
  type: 'rating.recorded',
  tenant: 'acme',
  recordedAt: '2026-01-01T00:00:00.000Z',
  subject: { kind: 'task', id: 'task-1' },
  data: { score: 4 },
};

describe('the lines of hindsight tail', () => {
  it('tells events, the closing error and heartbeats apart', () => {
    expect(parseTailLine(JSON.stringify(event))).toEqual({ kind: 'event', event });
    expect(parseTailLine('{"error":"unavailable","message":"the api is stopping"}')).toEqual({
      kind: 'error',
      code: 'unavailable',
      message: 'the api is stopping',
    });
    expect(parseTailLine('')).toEqual({ kind: 'heartbeat' });
    expect(() => parseTailLine('<html>')).toThrow('parseTailLine: the api sent a line that is not JSON: <html>');
    expect(() => parseTailLine('{"ok":true}')).toThrow(/neither an event nor an error/);
  });

  it('prints one human line per event: time, type, subject, data, cut to the width', () => {
    expect(humanTailLine(event)).toBe('2026-01-01T00:00:00.000Z  rating.recorded             task:task-1  {"score":4}');
    const long = humanTailLine({ ...event, data: { text: 'x'.repeat(500) } }, 80);
    expect(long).toHaveLength(80);
    expect(long.endsWith('…')).toBe(true);
  });
});
