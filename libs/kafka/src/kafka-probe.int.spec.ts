import { createServer } from 'node:net';
import { loadPlatformConfig } from '@hindsight/config';
import { probeKafka } from './kafka-probe';

/** An address where nothing listens: a port the system handed out and took back. */
async function deadAddress(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `127.0.0.1:${port}`;
}

describe('probeKafka', () => {
  const config = loadPlatformConfig();

  it('calls a cluster up when its first seed broker is dead and another answers (a dead first broker once kept the api refusing every event)', async () => {
    const dead = await deadAddress();
    // A roomy budget: what is under test is which broker answers, not how fast. With 2 s, the live broker once
    // missed it while a second broker and PostgreSQL cluster started on the same two cores (CI, 2026-12-07); the
    // dead one refuses at once, so a probe that gave up on the first seed still fails here.
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const probe = await probeKafka({ brokers: [dead, ...config.kafka.brokers], clientId: 'probe-test' }, 10_000);
      expect(probe).toEqual({ up: true, detail: expect.stringMatching(/broker\(s\), controller/) });
    }
  });

  it('calls it down when no seed broker answers, naming each one', async () => {
    const [first, second] = [await deadAddress(), await deadAddress()];
    const probe = await probeKafka({ brokers: [first, second], clientId: 'probe-test' }, 1000);
    expect(probe.up).toBe(false);
    expect(probe.detail).toContain(`${first}: `);
    expect(probe.detail).toContain(`${second}: `);
  });
});
