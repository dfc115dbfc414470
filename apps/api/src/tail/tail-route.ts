import { EVENT_TYPES } from '@hindsight/contracts';
import type { OperationSpec } from '../docs/operations';
import { MAX_LIVE_TAILS } from './tail-query';

/** The documented operation of GET /v1/events/tail (listed in docs/operations.ts). */
export const tailOperation: OperationSpec = {
  method: 'get',
  path: '/v1/events/tail',
  operationId: 'tailEvents',
  tag: 'reading data back',
  summary: "Follow the key's tenant's new events live (newline-delimited JSON)",
  description:
    "From the moment the response headers arrive until the client disconnects: every event the platform accepts for the key's tenant " +
    '(of the types asked for), one JSON envelope per line, with its personal content opened and upcast to the latest version, in the order ' +
    'Kafka keeps it (per partition key: one task, one interaction, one run). Events of other tenants never appear; events of erased subjects ' +
    'are left out; `api-key.*` events only for keys with the admin scope. Blank lines are heartbeats (every 15 s). When the tail cannot go on ' +
    `(Kafka gone, the api stopping) a last line \`{"error","message"}\` ends the response. At most ${MAX_LIVE_TAILS} tails per api process (503 beyond).`,
  scopes: ['read', 'admin'],
  parameters: [
    {
      name: 'type',
      in: 'query',
      required: false,
      description: `Comma-separated event types to follow (default: all). One of ${EVENT_TYPES.join(', ')}.`,
      schema: { type: 'string' },
    },
    {
      name: 'tenant',
      in: 'query',
      required: false,
      description: "The tenant to follow; must be the key's own (403 otherwise). Default: the key's tenant.",
      schema: { type: 'string' },
    },
  ],
  responses: {
    200: {
      description: 'One event envelope per line, until the client disconnects.',
      contentType: 'application/x-ndjson',
      schema: { type: 'string' },
    },
  },
  errors: [400],
};
