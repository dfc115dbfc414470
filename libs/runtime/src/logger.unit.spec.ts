import { Writable } from 'node:stream';
import { createLogger } from './logger';

/** A destination that keeps what the logger writes. */
function capture(): { destination: Writable; text: () => string } {
  const written: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      written.push(chunk.toString());
      done();
    },
  });
  return { destination, text: () => written.join('') };
}

describe('createLogger', () => {
  it('writes one JSON object per line with the level name and the service (json, and auto when not a terminal)', () => {
    for (const format of ['json', 'auto'] as const) {
      const out = capture();
      createLogger('projector', 'info', { format, destination: out.destination }).warn({ partition: 3 }, 'lagging');
      const lines = out.text().trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(JSON.parse(lines[0])).toEqual({
        level: 'warn',
        time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        service: 'projector',
        partition: 3,
        msg: 'lagging',
      });
    }
  });

  it('writes one readable line per record, labelled with the service, when pretty', () => {
    const out = capture();
    createLogger('scheduler', 'info', { format: 'pretty', destination: out.destination }).info(
      { policyId: 'p-1' },
      'requested a retrain',
    );
    const text = out.text();
    // One line per record, fields on the same line: four services share the terminal under npm start.
    expect(text).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: \[scheduler\] requested a retrain \{"policyId":"p-1"\}\n$/);
  });

  it('leaves out what is below its level', () => {
    const out = capture();
    const logger = createLogger('api', 'warn', { format: 'json', destination: out.destination });
    logger.info('not this');
    logger.error('this');
    expect(
      out
        .text()
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { msg: string }).msg),
    ).toEqual(['this']);
  });
});
