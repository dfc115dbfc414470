// autocannon's `setupRequest` for bench/ingest/ingest.bench.ts. It runs inside autocannon's worker
// thread, where function options must be file paths, so it is plain JavaScript reading its settings
// from the environment the worker starts with. Every request gets a body with fresh idempotency keys.
const { randomBytes } = require('node:crypto');

const template = process.env.HINDSIGHT_BENCH_EVENT_TEMPLATE;
const batchSize = Number(process.env.HINDSIGHT_BENCH_BATCH_SIZE || '0');
if (!template) throw new Error('setup-request.js: HINDSIGHT_BENCH_EVENT_TEMPLATE is not set');
const prefix = `bench-${randomBytes(6).toString('hex')}`;
let sent = 0;

function nextEvent() {
  sent += 1;
  return template.replace('KEYXPLACEHOLDER', `${prefix}-${sent}`).replace('TASKXPLACEHOLDER', String(sent % 1024));
}

module.exports = function setupRequest(request) {
  if (batchSize > 0) {
    const events = new Array(batchSize);
    for (let i = 0; i < batchSize; i++) events[i] = nextEvent();
    request.body = `{"events":[${events.join(',')}]}`;
  } else {
    request.body = nextEvent();
  }
  return request;
};
