import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { UnavailableError } from '@hindsight/contracts';
import { parseRetryAfter, retryDelayMs, type RetryPolicy } from './retry-delay';

export type FetchFn = (url: string, init: RequestInit) => Promise<Response>;

export interface TransportOptions {
  readonly baseUrl: string;
  readonly apiKey: string;
  /** Retries after the first attempt. */
  readonly retries: number;
  readonly policy: RetryPolicy;
  readonly timeoutMs: number;
  /** Bodies longer than this many bytes go gzip-compressed; undefined: never. */
  readonly gzipAboveBytes: number | undefined;
  readonly fetch: FetchFn;
  readonly sleep: (ms: number) => Promise<void>;
  readonly random: () => number;
}

export interface ApiResponse {
  readonly status: number;
  readonly body: unknown;
  readonly headers: Headers;
  readonly retryAfterSeconds: number | undefined;
}

const gzipAsync = promisify(gzip);

/** Answers worth another try: the request may succeed later unchanged. */
const TRANSIENT = new Set([408, 429, 502, 503, 504]);

/**
 * POSTs JSON and retries what is transient: no answer at all (network error,
 * timeout), 408, 429, 502, 503 and 504. The body, idempotency key included, is
 * the same on every attempt, so an attempt the server processed but whose answer
 * was lost comes back as a replay of the first answer rather than a second event.
 */
export class HttpTransport {
  private readonly baseUrl: string;

  constructor(private readonly options: TransportOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
  }

  async post(path: string, body: unknown, headers: Record<string, string> = {}): Promise<ApiResponse> {
    const json = JSON.stringify(body);
    const { gzipAboveBytes } = this.options;
    // Compressed once: every attempt sends the very same bytes.
    const compress = gzipAboveBytes !== undefined && Buffer.byteLength(json) > gzipAboveBytes;
    const payload = compress ? new Blob([new Uint8Array(await gzipAsync(json))]) : json;
    if (compress) headers = { ...headers, 'content-encoding': 'gzip' };
    const { retries, policy, sleep, random } = this.options;
    for (let attempt = 0; ; attempt++) {
      let answer: ApiResponse;
      try {
        answer = await this.attempt(path, payload, headers);
      } catch (error) {
        if (attempt >= retries) {
          const reason = error instanceof Error ? error.message : String(error);
          throw new UnavailableError('api', `POST ${path}: no answer after ${attempt + 1} attempt(s): ${reason}`);
        }
        await sleep(retryDelayMs(attempt, undefined, policy, random));
        continue;
      }
      if (!TRANSIENT.has(answer.status) || attempt >= retries) return answer;
      await sleep(retryDelayMs(attempt, answer.retryAfterSeconds, policy, random));
    }
  }

  private async attempt(path: string, payload: string | Blob, headers: Record<string, string>): Promise<ApiResponse> {
    const response = await this.options.fetch(`${this.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${this.options.apiKey}`, ...headers },
      body: payload,
      signal: AbortSignal.timeout(this.options.timeoutMs),
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      // Not JSON (a proxy's error page): the error keeps the text.
    }
    return {
      status: response.status,
      body,
      headers: response.headers,
      retryAfterSeconds: parseRetryAfter(response.headers.get('retry-after'), Date.now()),
    };
  }
}
