/**
 * Summarises a V8 sampled allocation profile (`.heapprofile`, from `bench:ingest-cpu --heap-profile`)
 * as markdown: bytes allocated per event by the allocating function, the top N, and by package.
 *
 *   SWC_NODE_PROJECT=tsconfig.json node -r @swc-node/register bench/ingest/heap-summary.ts \
 *     <file.heapprofile> --events 20000 [--top 40] [--title "…"]
 *
 * The sizes are V8's estimates from samples (every few KiB allocated), so read them as ±10 %; with
 * the collected objects included they are what the garbage collector had to deal with.
 */
import { declareBenchArgs, numberOption, textOption } from '../bench-args';
import { readFileSync } from 'node:fs';
import { groupOfUrl, shortUrl } from './profile-frames';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface HeapNode {
  callFrame: CallFrame;
  selfSize: number;
  children: HeapNode[];
}

const file = declareBenchArgs(
  'SWC_NODE_PROJECT=tsconfig.json node -r @swc-node/register bench/ingest/heap-summary.ts',
  'summarises a V8 .heapprofile as markdown: self bytes by package and the top functions, in total and per event',
  {
    events: {
      value: 'N',
      help: 'how many events the profiled process handled (the per-event column divides by it; default 1)',
    },
    top: { value: 'N', help: 'functions listed (default 40)' },
    title: { value: 'text', help: 'the heading (default: the file name)' },
  },
  { value: 'file.heapprofile', help: 'the profile to summarise' },
)!;
const events = numberOption('events', 1);
const top = numberOption('top', 40);
const title = textOption('title') ?? file;

const { head } = JSON.parse(readFileSync(file, 'utf8')) as { head: HeapNode };

const byFunction = new Map<string, number>();
const byGroup = new Map<string, number>();
let total = 0;
// A builtin's allocation (no url) is charged to the nearest caller with one, so `JSON.stringify` shows as its caller.
function walk(node: HeapNode, owner: CallFrame | undefined): void {
  const frame = node.callFrame.url ? node.callFrame : (owner ?? node.callFrame);
  if (node.selfSize > 0) {
    const name = `${node.callFrame.functionName || '(anonymous)'}${node.callFrame.url ? '' : ' [builtin]'} ${shortUrl(frame.url)}:${frame.lineNumber + 1}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + node.selfSize);
    const group = groupOfUrl(frame.url);
    byGroup.set(group, (byGroup.get(group) ?? 0) + node.selfSize);
    total += node.selfSize;
  }
  for (const child of node.children) walk(child, frame.url ? frame : owner);
}
walk(head, undefined);

const perEvent = (bytes: number) => Math.round(bytes / events).toLocaleString('en');
const rows = (m: Map<string, number>, n: number) =>
  [...m]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, v]) => `| ${k.replace(/\|/g, '\\|')} | ${perEvent(v)} | ${((100 * v) / total).toFixed(1)} % |`);

process.stdout.write(
  [
    `# ${title}`,
    '',
    `${perEvent(total)} bytes allocated per event (${events.toLocaleString('en')} events, sampled).`,
    '',
    '## By package',
    '',
    '| package | bytes/event | share |',
    '| --- | ---: | ---: |',
    ...rows(byGroup, 30),
    '',
    `## Top ${top} allocating functions`,
    '',
    '| function | bytes/event | share |',
    '| --- | ---: | ---: |',
    ...rows(byFunction, top),
    '',
  ].join('\n'),
);
