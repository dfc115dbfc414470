import { HindsightError, UnavailableError, ValidationError, type ErrorCode } from '@hindsight/contracts';
import type { CommandRegistrar } from './command-registrar';
import { humanTailLine, parseTailLine } from './tail-lines';

interface TailFlags {
  readonly tenant: string;
  readonly type?: string[];
  readonly json?: boolean;
  readonly api: string;
  readonly key?: string;
}

const errorCodes: readonly ErrorCode[] = [
  'validation',
  'unauthenticated',
  'forbidden',
  'not-found',
  'conflict',
  'personal-data',
  'illegal-state',
  'unavailable',
  'rate-limited',
  'configuration',
];
const asCode = (code: unknown): ErrorCode =>
  errorCodes.includes(code as ErrorCode) ? (code as ErrorCode) : 'unavailable';

/**
 * `hindsight tail --tenant T [--type …]`: follows the tenant's new events live through the api
 * (`GET /v1/events/tail`), with a key that may read them; one line per event until Ctrl-C.
 */
export const registerTailCommands: CommandRegistrar = (program) => {
  program
    .command('tail')
    .description("follow a tenant's new events live, opened as the read API opens them (Ctrl-C to stop)")
    .requiredOption('--tenant <tenant>', 'tenant to follow: the API key must belong to it')
    .option('--type <types...>', 'event types to follow, comma- or space-separated (default: all the key may read)')
    .option('--json', 'print each event as one line of JSON (NDJSON) instead of a human line')
    .option(
      '--api <url>',
      'api base URL (or set HINDSIGHT_API_URL)',
      process.env.HINDSIGHT_API_URL ?? 'http://127.0.0.1:8080',
    )
    .option('--key <key>', 'API key with the read or admin scope (default: HINDSIGHT_API_KEY)')
    .action(async (o: TailFlags) => {
      const key = o.key ?? process.env.HINDSIGHT_API_KEY;
      if (!key)
        throw new ValidationError([
          { path: '--key', rule: 'required: an API key with the read scope (or set HINDSIGHT_API_KEY)' },
        ]);
      const url = new URL('/v1/events/tail', o.api);
      url.searchParams.set('tenant', o.tenant);
      const types = (o.type ?? [])
        .flatMap((t) => t.split(','))
        .map((t) => t.trim())
        .filter((t) => t !== '');
      if (types.length > 0) url.searchParams.set('type', types.join(','));
      let response: Response;
      try {
        response = await fetch(url, { headers: { authorization: `Bearer ${key}`, accept: 'application/x-ndjson' } });
      } catch (error) {
        throw new UnavailableError(
          'api',
          `the api does not answer at ${o.api}: ${(error as { cause?: Error }).cause?.message ?? (error as Error).message}`,
        );
      }
      if (response.status !== 200 || response.body === null) {
        const body = (await response.json().catch(() => ({}))) as { error?: string; message?: string };
        throw new HindsightError(
          asCode(body.error),
          `the api answered ${response.status}: ${body.message ?? response.statusText}`,
        );
      }
      process.stderr.write(
        `following tenant ${o.tenant}${types.length > 0 ? ` (${types.join(', ')})` : ''} from now; Ctrl-C to stop\n`,
      );
      const decoder = new TextDecoder();
      let pending = '';
      const reader = response.body.getReader();
      for (let read = await reader.read(); !read.done; read = await reader.read()) {
        pending += decoder.decode(read.value, { stream: true });
        const lines = pending.split('\n');
        pending = lines.pop() ?? '';
        for (const line of lines) {
          const parsed = parseTailLine(line);
          if (parsed.kind === 'error')
            throw new HindsightError(asCode(parsed.code), `the tail ended: ${parsed.message}`);
          if (parsed.kind === 'event')
            process.stdout.write(`${o.json ? JSON.stringify(parsed.event) : humanTailLine(parsed.event)}\n`);
        }
      }
      throw new UnavailableError('api', 'the api closed the tail without saying why');
    });
};
