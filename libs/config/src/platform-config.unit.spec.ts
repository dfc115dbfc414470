import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigurationError } from '@hindsight/contracts';
import { configVariables, loadPlatformConfig } from './platform-config';

describe('loadPlatformConfig', () => {
  it('runs locally with no environment at all', () => {
    const config = loadPlatformConfig({});
    expect(config.kafka.brokers).toEqual(['127.0.0.1:9092']);
    expect(config.ports).toEqual({ api: 8080, projector: 8081, scheduler: 8082, trainer: 8083 });
    expect(config.database).toEqual({
      url: 'postgres://postgres@127.0.0.1:5432/hindsight',
      schema: 'public',
      poolSize: 20,
    });
    expect(config.kafka.topicPrefix).toBe('hindsight.');
  });

  it('reads overrides', () => {
    const config = loadPlatformConfig({ API_PORT: '9000', KAFKA_BROKERS: 'a:1, b:2', DATABASE_SCHEMA: 'run_1' });
    expect(config.ports.api).toBe(9000);
    expect(config.kafka.brokers).toEqual(['a:1', 'b:2']);
    expect(config.database.schema).toBe('run_1');
    expect(loadPlatformConfig({ PROJECTOR_CONCURRENCY: '6' }).kafka.projectorConcurrency).toBe(6);
    // The publishers outside the api have their own acknowledgement timeout, not the api's.
    expect(loadPlatformConfig({}).kafka.publishAckTimeoutMs).toBe(30000);
    expect(
      loadPlatformConfig({ KAFKA_ACK_TIMEOUT_MS: '7000', PUBLISH_ACK_TIMEOUT_MS: '900' }).kafka.publishAckTimeoutMs,
    ).toBe(7000);
  });

  it.each([
    ['API_PORT', 'eighty', /API_PORT: must be a TCP port/],
    ['API_PORT', '70000', /API_PORT: must be a TCP port/],
    ['KAFKA_BROKERS', 'localhost', /KAFKA_BROKERS: must be a comma-separated list of host:port/],
    ['DATABASE_URL', 'mysql://x/y', /DATABASE_URL: must use the postgres:\/\/ scheme/],
    ['DATABASE_URL', 'not a url', /DATABASE_URL: must be a URL/],
    ['LOG_LEVEL', 'loud', /LOG_LEVEL: must be one of/],
    ['KAFKA_PARTITIONS', '0', /KAFKA_PARTITIONS: must be a positive integer/],
    ['KAFKA_ACK_TIMEOUT_MS', '-5', /KAFKA_ACK_TIMEOUT_MS: must be a positive integer/],
    ['DATABASE_SCHEMA', 'Robert; DROP', /DATABASE_SCHEMA: must be a lower-case SQL identifier/],
    ['PROJECTOR_CONCURRENCY', '0', /PROJECTOR_CONCURRENCY: must be an integer between 1 and 64/],
    ['PROJECTOR_CONCURRENCY', 'many', /PROJECTOR_CONCURRENCY: must be an integer between 1 and 64/],
  ])('rejects %s=%s with a message naming the variable', (name, value, message) => {
    const load = () => loadPlatformConfig({ [name]: value });
    expect(load).toThrow(ConfigurationError);
    expect(load).toThrow(message);
  });

  it('does not echo the credentials of a malformed DATABASE_URL', () => {
    const load = () => loadPlatformConfig({ DATABASE_URL: 'postgres://app:s3cret@db:54x2/hindsight' });
    expect(load).toThrow('(got "postgres://***@db:54x2/hindsight")');
    expect(load).not.toThrow(/s3cret/);
  });

  it('documents every variable in the README configuration table', () => {
    const readme = readFileSync(join(__dirname, '../../../README.md'), 'utf8');
    for (const [name, spec] of Object.entries(configVariables)) {
      expect(readme).toContain(`| \`${name}\` | \`${spec.default}\` |`);
    }
  });
});
