import {
  collectDefaultMetrics,
  Counter,
  Gauge,
  Histogram,
  Registry,
  type CounterConfiguration,
  type GaugeConfiguration,
  type HistogramConfiguration,
} from 'prom-client';
import type { SendObservation } from '@hindsight/kafka';

/** Seconds: from a millisecond to a minute, the range of an HTTP answer, a Kafka acknowledgement or a projector batch. */
export const LATENCY_BUCKETS = [
  0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60,
] as const;

/**
 * One service's Prometheus metrics: its own registry (several services may run in
 * one test process), Node's default process metrics, and the metrics every
 * service has (Kafka produce latency). Apps add theirs with `counter`,
 * `histogram` and `gauge`; `GET /metrics` serves `text()`.
 */
export class ServiceMetrics {
  readonly registry = new Registry();
  private readonly kafkaProduceSeconds: Histogram<'outcome'>;
  private readonly kafkaProducedMessages: Counter<'outcome'>;

  constructor(readonly service: string) {
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry });
    this.kafkaProduceSeconds = this.histogram({
      name: 'hindsight_kafka_produce_duration_seconds',
      help: "Time from one send of the event publisher to the broker's acknowledgement (acks=all) or failure",
      labelNames: ['outcome'],
      buckets: [...LATENCY_BUCKETS],
    });
    this.kafkaProducedMessages = this.counter({
      name: 'hindsight_kafka_produced_messages_total',
      help: 'Messages sent to Kafka by the event publisher, by outcome',
      labelNames: ['outcome'],
    });
  }

  counter<L extends string>(configuration: Omit<CounterConfiguration<L>, 'registers'>): Counter<L> {
    return new Counter({ ...configuration, registers: [this.registry] });
  }

  histogram<L extends string>(configuration: Omit<HistogramConfiguration<L>, 'registers'>): Histogram<L> {
    return new Histogram({ ...configuration, registers: [this.registry] });
  }

  gauge<L extends string>(configuration: Omit<GaugeConfiguration<L>, 'registers'>): Gauge<L> {
    return new Gauge({ ...configuration, registers: [this.registry] });
  }

  /** The EventPublisher's `onSend`: produce latency and messages by outcome. */
  readonly observeSend = (send: SendObservation): void => {
    const outcome = send.ok ? 'acked' : 'failed';
    this.kafkaProduceSeconds.observe({ outcome }, send.seconds);
    this.kafkaProducedMessages.inc({ outcome }, send.messages);
  };

  /** The Prometheus text exposition of every metric of this service. */
  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
