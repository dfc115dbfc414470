import pino from 'pino';
import { restartOnFatal } from './restart-on-fatal';

describe('restartOnFatal', () => {
  afterEach(() => {
    process.exitCode = undefined;
  });

  it('logs the error as fatal, sets exit code 1 and sends this process SIGTERM', () => {
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(line) });
    const sent: [number, string][] = [];
    restartOnFatal(logger, 'the projector consumer', (pid, name) => sent.push([pid, name]))(
      new Error('offsets unreadable'),
    );
    expect(sent).toEqual([[process.pid, 'SIGTERM']]);
    expect(process.exitCode).toBe(1);
    const entry = JSON.parse(lines[0]) as { level: number; msg: string; err: { message: string } };
    expect(entry).toMatchObject({
      level: 60,
      msg: 'the projector consumer stopped for good; shutting down so that the service is restarted',
      err: { message: 'offsets unreadable' },
    });
  });
});
