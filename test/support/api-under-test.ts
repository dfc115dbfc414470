import { randomUUID } from 'node:crypto';
import { ApiKeys, publishingKeyWriter, type IssueKeyRequest, type IssuedKey } from '@hindsight/access';
import { EventPublisher } from '@hindsight/kafka';
import { startService, type RunningService, type ServiceDefinition, type StartOptions } from '@hindsight/runtime';
import { ApiKeyRepository } from '@hindsight/store';
import { freePort } from './free-port';

export interface ApiUnderTest {
  readonly url: string;
  readonly running: RunningService;
  /** A fresh key for a tenant of this test's own (a random slug unless named). */
  issueKey(request?: Partial<IssueKeyRequest>): Promise<IssuedKey>;
  /** Revokes a key by id or lookup id, as `hindsight keys revoke` does. */
  revokeKey(idOrLookupId: string): Promise<void>;
  /** A string or bytes are sent as they are, anything else as JSON. */
  post(
    path: string,
    body: unknown,
    key?: string,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: unknown; headers: Headers }>;
  close(): Promise<void>;
}

export const uniqueTenant = (label = 't') => `${label}-${randomUUID().slice(0, 8)}`;

/** Starts the api in this process on a free port, against this run's schema and topics. */
export async function startApiUnderTest(
  definition: ServiceDefinition,
  env: Record<string, string> = {},
  options: StartOptions = {},
): Promise<ApiUnderTest> {
  const port = await freePort();
  const running = await startService(definition, { ...process.env, API_PORT: String(port), ...env }, options);
  // Keys are made as the CLI makes them (api-key.created on Kafka, then the row), through the api's own publisher.
  const publisher = running.app.get(EventPublisher, { strict: false });
  const topicPrefix = running.context.config.kafka.topicPrefix;
  const keys = new ApiKeys(
    new ApiKeyRepository(running.context.dataSource),
    publishingKeyWriter(publisher, topicPrefix),
  );
  return {
    url: running.url,
    running,
    issueKey: (request = {}) =>
      keys.issue({
        tenant: request.tenant ?? uniqueTenant(),
        scopes: request.scopes ?? ['ingest', 'read'],
        ...request,
      }),
    revokeKey: async (idOrLookupId) => {
      const row = await keys.revoke(idOrLookupId);
      // The api reads revocations from the configuration topic: the next request is refused once it has read this one.
      const verifier = running.app.get(ApiKeys, { strict: false });
      const deadline = Date.now() + 30_000;
      while (row && !verifier.revocationSeen(row.id)) {
        if (Date.now() > deadline)
          throw new Error(`revokeKey: the api did not read the revocation of ${row.id} within 30 s`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    post: async (path, body, key, headers = {}) => {
      const response = await fetch(`${running.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}), ...headers },
        body:
          typeof body === 'string'
            ? body
            : body instanceof Uint8Array
              ? new Blob([new Uint8Array(body)])
              : JSON.stringify(body),
      });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // Not JSON: the test sees the raw text.
      }
      return { status: response.status, body: parsed, headers: response.headers };
    },
    close: () => running.app.close(),
  };
}
