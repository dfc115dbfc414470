/**
 * Summarises a V8 `.cpuprofile` (from `node --cpu-prof`) as markdown: self time per function, in
 * total and per event, the top N, plus self time grouped by package (node_modules/<pkg>, the
 * repository's libs/apps, node internals, GC, idle).
 *
 *   SWC_NODE_PROJECT=tsconfig.json node -r @swc-node/register bench/ingest/profile-summary.ts \
 *     <file.cpuprofile> --events 80000 [--top 40] [--title "…"]
 *
 * `--events` is how many events the profiled process handled (the per-event column divides by it).
 */
import { declareBenchArgs, numberOption, textOption } from '../bench-args';
import { readFileSync } from 'node:fs';
import { groupOfUrl, shortUrl } from './profile-frames';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

const file = declareBenchArgs(
  'SWC_NODE_PROJECT=tsconfig.json node -r @swc-node/register bench/ingest/profile-summary.ts',
  'summarises a V8 .cpuprofile as markdown: self time by package and the top functions, in total and per event',
  {
    events: {
      value: 'N',
      help: 'how many events the profiled process handled (the per-event column divides by it; default 1)',
    },
    top: { value: 'N', help: 'functions listed (default 40)' },
    title: { value: 'text', help: 'the heading (default: the file name)' },
  },
  { value: 'file.cpuprofile', help: 'the profile to summarise' },
)!;
const events = numberOption('events', 1);
const top = numberOption('top', 40);
const title = textOption('title') ?? file;

const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const selfUs = new Map<number, number>();
for (let i = 0; i < profile.samples.length; i++) {
  const id = profile.samples[i];
  selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
}

function groupOf(frame: CallFrame): string {
  const name = frame.functionName;
  if (name === '(garbage collector)') return '(garbage collector)';
  if (name === '(idle)' || name === '(program)' || name === '(root)') return name;
  return groupOfUrl(frame.url);
}

const byFunction = new Map<string, number>();
const byGroup = new Map<string, number>();
let total = 0;
let idle = 0;
for (const [id, us] of selfUs) {
  const frame = byId.get(id)!.callFrame;
  const group = groupOf(frame);
  if (group === '(idle)') {
    idle += us;
    continue;
  }
  total += us;
  const key = `${frame.functionName || '(anonymous)'} — ${shortUrl(frame.url) || '(native)'}${frame.url ? `:${frame.lineNumber + 1}` : ''}`;
  byFunction.set(key, (byFunction.get(key) ?? 0) + us);
  byGroup.set(group, (byGroup.get(group) ?? 0) + us);
}

const fmt = (n: number, d = 1) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
const rows = (m: Map<string, number>, n: number) =>
  [...m.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(
      ([k, us]) =>
        `| ${k.replace(/\|/g, '\\|')} | ${fmt(us / 1000, 0)} | ${fmt((100 * us) / total)} % | ${fmt(us / events, 2)} |`,
    );

const out = [
  `# ${title}`,
  '',
  `Profile: ${fmt((profile.endTime - profile.startTime) / 1e6)} s wall, ${fmt(total / 1e6)} s busy (not idle), ${fmt(idle / 1e6)} s idle; ${events.toLocaleString('en-US')} events → ${fmt(total / events, 1)} µs busy per event.`,
  '',
  "Sampled time is the thread's time while not idle, on the CPU or waiting for it: on a loaded machine it exceeds the CPU time the benchmark reports (`process.cpuUsage()`), so read the shares and scale them by the benchmark's CPU µs/event. The profile covers the measured round only (the bodies are built inside it, by `clientEvent`/`apiBatch`, before the CPU clock starts: not the api's cost).",
  '',
  '## Self time by package',
  '',
  '| package | ms | share | µs/event |',
  '| --- | ---: | ---: | ---: |',
  ...rows(byGroup, 30),
  '',
  `## Top ${top} functions by self time`,
  '',
  '| function — file:line | ms | share | µs/event |',
  '| --- | ---: | ---: | ---: |',
  ...rows(byFunction, top),
  '',
];
process.stdout.write(`${out.join('\n')}\n`);
