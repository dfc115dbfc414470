import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { topicName, EVENT_TOPICS } from '@hindsight/contracts';
import { createKafka, messagesBehind, partitionRanges } from '@hindsight/kafka';
import { startProcPlatform, type ProcPlatform, type ProcService } from '../harness/proc-platform';
import { mulberry32, sleep, waitUntil } from '../harness/proc-seed';
import { percentile } from './percentile';
import { slope } from './slope';
import { soakTrafficSource, type SoakRequest } from './soak-traffic';

export interface SoakOptions {
  readonly minutes: number;
  /** Requests started per second (each a single event or a batch of 10–20). */
  readonly rate: number;
  /** Requests in flight at most; a request due while this many are open is counted as skipped, not queued. */
  readonly maxInFlight: number;
  readonly seed: number;
  readonly workDir: string;
  readonly say: (line: string) => void;
}

interface Answer {
  readonly kind: SoakRequest['kind'];
  readonly at: number;
  readonly ms: number;
  readonly status: number;
  readonly ids: readonly string[];
  readonly events: number;
}

export interface SoakMinute {
  readonly minute: number;
  readonly requests: number;
  readonly events: number;
  readonly byStatus: Readonly<Record<string, number>>;
  readonly skipped: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly rssMiB: Readonly<Record<string, number>>;
  /** Messages on the projected topics the projector had not applied, at the minute's end. */
  readonly consumerLag: number;
  /** The machine's 1-minute load average at the minute's end (the machine may be shared). */
  readonly load1: number;
}

export interface SoakReport {
  readonly startedAt: string;
  readonly minutes: number;
  readonly rate: number;
  readonly seed: number;
  readonly machine: {
    readonly cpus: number;
    readonly model: string;
    readonly memoryGiB: number;
    readonly load1AtStart: number;
  };
  readonly perMinute: readonly SoakMinute[];
  /** Least-squares slope of each service's RSS over the minutes (after the first, a warm-up), MiB per minute. */
  readonly rssSlopeMiBPerMinute: Readonly<Record<string, number>>;
  readonly totals: {
    readonly requests: number;
    readonly events: number;
    readonly acceptedEvents: number;
    readonly byStatus: Readonly<Record<string, number>>;
    readonly p99Ms: number;
  };
  /** Accepted events absent from `events` once the projector caught up, and present more than once. */
  readonly lost: number;
  readonly duplicated: number;
  readonly drainSeconds: number;
}

function rssMiB(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Math.round(Number(match[1]) / 102.4) / 10 : 0;
  } catch {
    return 0;
  }
}

const loadAverage = () => Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);

/** The projector's lag: messages on the projected topics past the offsets it committed (in PostgreSQL, with its writes). */
async function consumerLag(
  platform: ProcPlatform,
  admin: ReturnType<ReturnType<typeof createKafka>['admin']>,
): Promise<number> {
  const positions = (
    (await platform.dataSource.query(
      'SELECT topic, partition, next_offset::text AS next FROM consumer_offsets WHERE consumer_group = $1',
      [platform.config.kafka.projectorGroupId],
    )) as { topic: string; partition: number; next: string }[]
  ).map((r) => ({ topic: r.topic, partition: r.partition, nextOffset: r.next }));
  let lag = 0;
  for (const topic of EVENT_TOPICS.map((t) => topicName(platform.config.kafka.topicPrefix, t)))
    lag += messagesBehind(await partitionRanges(admin, topic), positions, topic);
  return lag;
}

/**
 * Sustained mixed traffic against api and projector processes of a private
 * platform for `minutes`, reporting each minute: requests by status, p50/p99
 * latency, RSS per service and the projector's consumer lag; at the end the RSS
 * slope per service and the accounting of every accepted event.
 */
export async function runSoak(options: SoakOptions): Promise<SoakReport> {
  const { say } = options;
  const load1AtStart = loadAverage();
  // Pools of 16 for api and projector, and this process's own, stay within the private cluster's 50 connections.
  const platform = await startProcPlatform(options.workDir, say, { LOG_LEVEL: 'warn', DATABASE_POOL_SIZE: '16' });
  const admin = createKafka({ brokers: [platform.brokers], clientId: 'faults-soak-lag' }).admin();
  try {
    const services: ProcService[] = await Promise.all([
      platform.start('api', 'api'),
      platform.start('projector', 'projector'),
    ]);
    const key = await platform.issueKey(`soak-${options.seed}`, ['ingest', 'feedback']);
    await admin.connect();
    const next = soakTrafficSource(mulberry32(options.seed));
    const api = services[0].url;
    const answers: Answer[] = [];
    let inFlight = 0;
    let skipped = 0;
    const open = new Set<Promise<void>>();
    const send = async (request: SoakRequest) => {
      const at = Date.now();
      let status = 0;
      let ids: string[] = [];
      try {
        const response = await fetch(`${api}${request.path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
          body: JSON.stringify(request.body),
          signal: AbortSignal.timeout(30_000),
        });
        status = response.status;
        const body = (await response.json().catch(() => ({}))) as {
          id?: string;
          results?: { status: string; id?: string }[];
        };
        if (request.path === '/v1/events' && status === 202 && body.id) ids = [body.id];
        if (request.path === '/v1/events/batch' && Array.isArray(body.results))
          ids = body.results.flatMap((r) => (r.status === 'accepted' && r.id ? [r.id] : []));
      } catch {
        status = 0;
      }
      answers.push({ kind: request.kind, at, ms: Date.now() - at, status, ids, events: request.events });
    };

    const startedAt = Date.now();
    const endAt = startedAt + options.minutes * 60_000;
    const perMinute: SoakMinute[] = [];
    const rssSamples = new Map<string, number[]>();
    let minuteStart = startedAt;
    let skippedAtMinuteStart = 0;
    let answersAtMinuteStart = 0;
    const sampleRss = () => {
      for (const s of services) rssSamples.set(s.label, [...(rssSamples.get(s.label) ?? []), rssMiB(s.pid)]);
    };
    const closeMinute = async () => {
      const window = answers.slice(answersAtMinuteStart);
      answersAtMinuteStart = answers.length;
      const latencies = window.map((a) => a.ms).sort((a, b) => a - b);
      const byStatus: Record<string, number> = {};
      for (const a of window) byStatus[String(a.status)] = (byStatus[String(a.status)] ?? 0) + 1;
      const rss: Record<string, number> = {};
      for (const [label, samples] of rssSamples)
        rss[label] = Math.round((samples.reduce((x, y) => x + y, 0) / Math.max(1, samples.length)) * 10) / 10;
      rssSamples.clear();
      const minute: SoakMinute = {
        minute: perMinute.length + 1,
        requests: window.length,
        events: window.reduce((n, a) => n + a.events, 0),
        byStatus,
        skipped: skipped - skippedAtMinuteStart,
        p50Ms: percentile(latencies, 50),
        p99Ms: percentile(latencies, 99),
        maxMs: latencies[latencies.length - 1] ?? 0,
        rssMiB: rss,
        consumerLag: await consumerLag(platform, admin).catch(() => -1),
        load1: loadAverage(),
      };
      skippedAtMinuteStart = skipped;
      perMinute.push(minute);
      say(
        `minute ${minute.minute}: ${minute.requests} requests (${minute.events} events; ${Object.entries(byStatus)
          .map(([s, n]) => `${s}: ${n}`)
          .join(', ')}; skipped ${minute.skipped}), ` +
          `p50 ${minute.p50Ms} ms, p99 ${minute.p99Ms} ms, max ${minute.maxMs} ms | RSS ${Object.entries(rss)
            .map(([l, v]) => `${l} ${v} MiB`)
            .join(', ')} | lag ${minute.consumerLag} | load ${minute.load1}`,
      );
    };

    say(
      `soak: ${options.minutes} min of mixed traffic at ${options.rate} requests/s (at most ${options.maxInFlight} in flight), seed ${options.seed}`,
    );
    const intervalMs = 1000 / options.rate;
    let due = Date.now();
    let lastRssAt = 0;
    while (Date.now() < endAt) {
      const now = Date.now();
      if (now - lastRssAt >= 5000) {
        sampleRss();
        lastRssAt = now;
      }
      if (now - minuteStart >= 60_000) {
        minuteStart += 60_000;
        await closeMinute();
      }
      while (due <= Date.now()) {
        due += intervalMs;
        if (inFlight >= options.maxInFlight) {
          skipped += 1;
          continue;
        }
        inFlight += 1;
        const p: Promise<void> = send(next()).finally(() => {
          inFlight -= 1;
          open.delete(p);
        });
        open.add(p);
      }
      await sleep(Math.max(1, Math.min(50, due - Date.now())));
    }
    await Promise.all(open);
    sampleRss();
    await closeMinute();

    // Drain: the projector applies everything, then every accepted event is in `events` once.
    const drainStart = Date.now();
    await waitUntil(
      () => consumerLag(platform, admin),
      (lag) => lag === 0,
      300_000,
      'the projector to catch up',
      1000,
    ).catch(() => undefined);
    const drainSeconds = (Date.now() - drainStart) / 1000;
    const accepted = answers.flatMap((a) => a.ids);
    let lost = 0;
    let duplicated = 0;
    for (let i = 0; i < accepted.length; i += 20_000) {
      const chunk = accepted.slice(i, i + 20_000);
      const rows = (await platform.dataSource.query(
        'SELECT id::text AS id, count(*)::int AS n FROM events WHERE id = ANY($1::uuid[]) GROUP BY id',
        [chunk],
      )) as { id: string; n: number }[];
      lost += chunk.length - rows.length;
      duplicated += rows.filter((r) => r.n > 1).length;
    }
    const minutes = perMinute.map((m) => m.minute).slice(1);
    const rssSlopeMiBPerMinute: Record<string, number> = {};
    for (const s of services)
      rssSlopeMiBPerMinute[s.label] =
        Math.round(
          slope(
            minutes,
            perMinute.slice(1).map((m) => m.rssMiB[s.label] ?? 0),
          ) * 100,
        ) / 100;
    const byStatus: Record<string, number> = {};
    for (const a of answers) byStatus[String(a.status)] = (byStatus[String(a.status)] ?? 0) + 1;
    return {
      startedAt: new Date(startedAt).toISOString(),
      minutes: options.minutes,
      rate: options.rate,
      seed: options.seed,
      machine: {
        cpus: cpus().length,
        model: cpus()[0]?.model ?? 'unknown',
        memoryGiB: Math.round(totalmem() / 2 ** 30),
        load1AtStart,
      },
      perMinute,
      rssSlopeMiBPerMinute,
      totals: {
        requests: answers.length,
        events: answers.reduce((n, a) => n + a.events, 0),
        acceptedEvents: accepted.length,
        byStatus,
        p99Ms: percentile(
          answers.map((a) => a.ms).sort((a, b) => a - b),
          99,
        ),
      },
      lost,
      duplicated,
      drainSeconds,
    };
  } finally {
    await admin.disconnect().catch(() => undefined);
    await platform.close();
  }
}
