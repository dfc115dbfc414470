import { HindsightError, type ErrorCode, type FieldIssue } from '@hindsight/contracts';

/**
 * The few api routes the demo reads and writes besides event ingestion (which
 * goes through `HindsightClient`): policies, the quality report, the model registry.
 * Errors come back as the platform's coded errors.
 */
export class DemoApi {
  constructor(
    private readonly baseUrl: string,
    private readonly apiKey: string,
  ) {}

  get<T>(path: string, query: Readonly<Record<string, string>> = {}): Promise<T> {
    const search = new URLSearchParams(query).toString();
    return this.call<T>('GET', `${path}${search ? `?${search}` : ''}`);
  }

  post<T>(path: string, body: unknown): Promise<T> {
    return this.call<T>('POST', path, body);
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${this.apiKey}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(120_000),
    });
    const text = await response.text();
    const parsed = text === '' ? undefined : (JSON.parse(text) as unknown);
    if (response.ok) return parsed as T;
    const error = (parsed ?? {}) as { error?: ErrorCode; message?: string; issues?: FieldIssue[] };
    throw new HindsightError(
      error.error ?? 'unavailable',
      `${method} ${path}: ${response.status} ${error.message ?? text}`,
      error.issues ?? [],
    );
  }
}
