import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import pinoPretty from 'pino-pretty';
import type { LoggerService } from '@nestjs/common';
import type { LogFormat } from '@hindsight/config';

export type { Logger } from 'pino';

export interface LoggerSettings {
  /** LOG_FORMAT; `auto` when not given. */
  readonly format?: LogFormat;
  /** Where the lines go; stdout when not given (tests capture them here). `auto` is JSON when one is given. */
  readonly destination?: DestinationStream;
}

/**
 * Logs with the service name on every line: JSON with level names (`"level":"info"`) for
 * log collectors, or — on a terminal, where `npm start` shows four services at once —
 * pino-pretty's readable lines labelled `[service]`.
 * @example createLogger('api', 'info', { format: 'json' }).info('up') // {"level":"info","time":"…","service":"api","msg":"up"}
 */
export function createLogger(service: string, level: string, settings: LoggerSettings = {}): Logger {
  const options: LoggerOptions = {
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  };
  if (wantsPretty(settings)) {
    const pretty = pinoPretty({
      sync: true,
      translateTime: 'SYS:HH:MM:ss.l',
      ignore: 'service',
      messageFormat: `[${service}] {msg}`,
      // One line per record: four services share the terminal under npm start.
      singleLine: true,
      ...(settings.destination ? { destination: settings.destination, colorize: false } : {}),
    });
    return pino(options, pretty);
  }
  return settings.destination ? pino(options, settings.destination) : pino(options);
}

function wantsPretty(settings: LoggerSettings): boolean {
  const format = settings.format ?? 'auto';
  if (format !== 'auto') return format === 'pretty';
  return settings.destination === undefined && process.stdout.isTTY === true;
}

/** Lets Nest's own messages (module init, routes) go through the same pino logger. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}
  log(message: unknown, context?: string): void {
    this.logger.info({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string): void {
    this.logger.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string): void {
    this.logger.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string): void {
    this.logger.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string): void {
    this.logger.trace({ context }, String(message));
  }
}
