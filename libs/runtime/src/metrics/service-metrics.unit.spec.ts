import { parsePrometheusText, sampleSum } from '@hindsight/test-support';
import { ServiceMetrics } from './service-metrics';

describe('ServiceMetrics', () => {
  it('exposes Prometheus text with the process metrics and the service label on every sample', async () => {
    const exposition = parsePrometheusText(await new ServiceMetrics('trainer').text());
    expect(exposition.types.get('process_cpu_user_seconds_total')).toBe('counter');
    expect(exposition.types.get('nodejs_eventloop_lag_seconds')).toBe('gauge');
    expect(exposition.samples.length).toBeGreaterThan(20);
    expect(exposition.samples.filter((s) => s.labels.service !== 'trainer')).toEqual([]);
  });

  it('records each publisher send: latency by outcome and messages', async () => {
    const metrics = new ServiceMetrics('api');
    metrics.observeSend({ seconds: 0.004, messages: 3, ok: true });
    metrics.observeSend({ seconds: 5, messages: 2, ok: false });
    const exposition = parsePrometheusText(await metrics.text());
    expect(sampleSum(exposition, 'hindsight_kafka_produce_duration_seconds_count', { outcome: 'acked' })).toBe(1);
    expect(
      sampleSum(exposition, 'hindsight_kafka_produce_duration_seconds_bucket', { outcome: 'acked', le: '0.005' }),
    ).toBe(1);
    expect(
      sampleSum(exposition, 'hindsight_kafka_produce_duration_seconds_bucket', { outcome: 'acked', le: '0.0025' }),
    ).toBe(0);
    expect(sampleSum(exposition, 'hindsight_kafka_produced_messages_total', { outcome: 'acked' })).toBe(3);
    expect(sampleSum(exposition, 'hindsight_kafka_produced_messages_total', { outcome: 'failed' })).toBe(2);
  });

  it('keeps two services of one process apart (integration tests run several)', async () => {
    const api = new ServiceMetrics('api');
    const projector = new ServiceMetrics('projector');
    api.counter({ name: 'hindsight_test_total', help: 'a test counter' }).inc(2);
    projector.counter({ name: 'hindsight_test_total', help: 'a test counter' }).inc(5);
    expect(sampleSum(parsePrometheusText(await api.text()), 'hindsight_test_total')).toBe(2);
    expect(sampleSum(parsePrometheusText(await projector.text()), 'hindsight_test_total')).toBe(5);
  });
});
