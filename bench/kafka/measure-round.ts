import { GCProfiler, getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** What one round of `iterations` calls cost: wall and CPU time, V8 heap bytes allocated. */
export interface RoundCost {
  readonly wallMs: number;
  readonly cpuMs: number;
  /** Bytes allocated on the V8 heap: the growth of the used heap plus what every collection in the round freed. */
  readonly heapBytes: number;
}

/**
 * Runs `body` `iterations` times, one after the other, and measures the round. The heap figure counts objects
 * (a Buffer's JavaScript object, not its bytes, which live outside the heap: see countZeroedBufferBytes); it is
 * exact up to what V8 allocates for itself meanwhile, which is the same for both kafkajs copies.
 */
export async function measureRound(body: () => Promise<unknown>, iterations: number): Promise<RoundCost> {
  // A full collection first: the garbage of the round before (the other copy's) is not freed, and counted, in this one.
  collectGarbage();
  const profiler = new GCProfiler();
  const usedBefore = getHeapStatistics().used_heap_size;
  profiler.start();
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (let i = 0; i < iterations; i++) await body();
  const wallMs = performance.now() - started;
  const { user, system } = process.cpuUsage(cpu);
  const usedAfter = getHeapStatistics().used_heap_size;
  const collections = profiler.stop().statistics;
  let heapBytes = usedAfter - usedBefore;
  for (const gc of collections)
    heapBytes += gc.beforeGC.heapStatistics.usedHeapSize - gc.afterGC.heapStatistics.usedHeapSize;
  return { wallMs, cpuMs: (user + system) / 1000, heapBytes };
}

/** V8's `gc()`, without starting node with --expose-gc (the flag set now, the function taken from a new context). */
const collectGarbage = (() => {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
})();

/**
 * The bytes `Buffer.alloc` handed out (zeroed, outside the V8 heap) while `body` ran once: kafkajs's Encoder
 * takes every buffer it writes into from it. Counted by wrapping it, so never inside a timed round.
 */
export async function countZeroedBufferBytes(body: () => Promise<unknown>): Promise<number> {
  const alloc = Buffer.alloc;
  let bytes = 0;
  Buffer.alloc = function countedAlloc(size: number, fill?: string | Uint8Array | number, encoding?: BufferEncoding) {
    bytes += size;
    return alloc(size, fill, encoding);
  };
  try {
    await body();
  } finally {
    Buffer.alloc = alloc;
  }
  return bytes;
}
