import type { Logger } from 'pino';

/**
 * For a service whose work has stopped for good (its Kafka consumer will not
 * consume again): log it as fatal and end the process through the normal
 * SIGTERM path (graceful shutdown), so that the orchestrator starts a new one.
 * A process that stays up doing nothing would look healthy for ever.
 */
export function restartOnFatal(
  logger: Logger,
  what: string,
  signal: (pid: number, name: NodeJS.Signals) => void = (pid, name) => process.kill(pid, name),
): (error: Error) => void {
  return (error) => {
    logger.fatal({ err: error }, `${what} stopped for good; shutting down so that the service is restarted`);
    process.exitCode = 1;
    signal(process.pid, 'SIGTERM');
  };
}
