import { loadPlatformConfig } from '@hindsight/config';
import { ValidationError } from '@hindsight/contracts';
import { demoNamespace } from './demo-namespace';

describe('demoNamespace', () => {
  it('nests topics, schema and consumer groups inside the configured ones', () => {
    const ns = demoNamespace(
      loadPlatformConfig({ KAFKA_TOPIC_PREFIX: 'test-r1.', DATABASE_SCHEMA: 'test_r1', HINDSIGHT_HOME: '/tmp/a' }),
      'k3x9',
    );
    expect(ns).toMatchObject({
      tenant: 'demo-k3x9',
      topicPrefix: 'test-r1.demo-k3x9.',
      schema: 'test_r1_demo_k3x9',
      dir: '/tmp/a/demo/k3x9',
    });
    expect(ns.env).toMatchObject({
      KAFKA_TOPIC_PREFIX: 'test-r1.demo-k3x9.',
      DATABASE_SCHEMA: 'test_r1_demo_k3x9',
      PROJECTOR_GROUP_ID: 'test-r1.demo-k3x9.projector',
      ARTIFACTS_DIR: '/tmp/a/demo/k3x9/artifacts',
    });
    // What the demo hands its services must itself be a valid configuration.
    expect(loadPlatformConfig(ns.env).database.schema).toBe('test_r1_demo_k3x9');
  });

  it('refuses ids and schemas the platform could not use', () => {
    expect(() => demoNamespace(loadPlatformConfig({}), 'Bad-Id')).toThrow(ValidationError);
    expect(() => demoNamespace(loadPlatformConfig({ DATABASE_SCHEMA: 'x'.repeat(60) }), 'k3x9')).toThrow(
      /longer than 63 characters/,
    );
  });
});
