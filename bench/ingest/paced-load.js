// The fixed-rate phase's load generator for bench/ingest/ingest.bench.ts, run as a worker thread.
// autocannon's overallRate is not a fixed rate: each connection sends back to back until it has made its
// share of the second's requests, then pauses until the next second, so "400 requests/s" arrives as a burst
// of --connections concurrent requests at the start of every second and measures latency at saturation.
// Here request i is due at start + i / rate (an open loop, as clients arrive independently), and its
// latency counts from when it was due, so a slow answer that delays the next sends is not hidden
// (coordinated omission). Plain JavaScript: a worker thread loads it without the TypeScript hook.
const http = require('node:http');
const { parentPort, workerData } = require('node:worker_threads');
const setupRequest = require('./setup-request.js');

const { url, path, key, rate, seconds, connections } = workerData;
const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
const target = new URL(path, url);
const latencies = [];
const statuses = new Map();
let errors = 0;
let outstanding = 0;
let finished = false;

function send(due) {
  const { body } = setupRequest({});
  outstanding += 1;
  const request = http.request(
    target,
    {
      method: 'POST',
      agent,
      headers: {
        authorization: `Bearer ${key}`,
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
      },
    },
    (response) => {
      response.resume();
      response.on('end', () => {
        latencies.push(performance.now() - due);
        statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
        settle();
      });
    },
  );
  request.on('error', () => {
    errors += 1;
    settle();
  });
  request.end(body);
}

function settle() {
  outstanding -= 1;
  if (finished && outstanding === 0) {
    agent.destroy();
    parentPort.postMessage({ latencies, statuses: [...statuses], errors, seconds });
  }
}

const start = performance.now();
const total = Math.round(rate * seconds);
let next = 0;
function tick() {
  const now = performance.now();
  while (next < total && start + (next * 1000) / rate <= now) {
    send(start + (next * 1000) / rate);
    next += 1;
  }
  if (next < total) setTimeout(tick, Math.max(0, start + (next * 1000) / rate - performance.now()));
  else {
    finished = true;
    if (outstanding === 0) settle((outstanding += 1));
  }
}
tick();
