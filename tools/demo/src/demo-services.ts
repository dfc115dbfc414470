import type { ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { IllegalStateError } from '@hindsight/contracts';
import { spawnService, stopProcess, tailOfLog, waitReady, type PlatformService } from '@hindsight/local-stack';

/** A TCP port nothing listens on right now, so the demo runs beside `npm start`. */
export function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

const PORT_VARIABLES: Record<PlatformService, string> = {
  api: 'API_PORT',
  projector: 'PROJECTOR_PORT',
  scheduler: 'SCHEDULER_PORT',
  trainer: 'TRAINER_PORT',
};

/**
 * The demo's services as child processes (what `npm start` runs), each on a free
 * port, each logging to `<logDir>/<service>.log` so the demo's own output stays readable.
 */
export class DemoServices {
  private readonly running = new Map<PlatformService, ChildProcess>();
  private readonly ports = new Map<PlatformService, number>();
  private closed = false;

  constructor(
    private readonly env: Readonly<Record<string, string | undefined>>,
    private readonly host: string,
    private readonly logDir: string,
  ) {}

  logFile(service: PlatformService): string {
    return join(this.logDir, `${service}.log`);
  }

  url(service: PlatformService): string {
    const port = this.ports.get(service);
    if (port === undefined) throw new IllegalStateError(`${service} has not been started`);
    return `http://${this.host}:${port}`;
  }

  /** Starts the service with `extraEnv` on top of the demo's environment and waits for /ready. */
  async start(service: PlatformService, extraEnv: Readonly<Record<string, string>> = {}): Promise<void> {
    if (this.running.has(service)) throw new IllegalStateError(`${service} is already running`);
    const port = this.ports.get(service) ?? (await freePort(this.host));
    // Stopped meanwhile (Ctrl-C): a process started now would outlive the demo.
    if (this.closed) throw new IllegalStateError(`not starting ${service}: the demo is stopping`);
    this.ports.set(service, port);
    mkdirSync(this.logDir, { recursive: true });
    const log = openSync(this.logFile(service), 'a');
    const child = spawnService(service, { ...this.env, ...extraEnv, [PORT_VARIABLES[service]]: String(port) }, [
      'ignore',
      log,
      log,
    ]);
    closeSync(log);
    this.running.set(service, child);
    try {
      await waitReady(service, `${this.url(service)}/ready`, child);
    } catch (error) {
      throw new IllegalStateError(
        `${error instanceof Error ? error.message : String(error)}; last lines of ${this.logFile(service)}:\n${tailOfLog(this.logFile(service), 20)}`,
      );
    }
  }

  async stop(service: PlatformService): Promise<void> {
    const child = this.running.get(service);
    this.running.delete(service);
    if (child) await stopProcess(child, 10_000);
  }

  /** Stops every service and refuses to start more. */
  async stopAll(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.running.keys()].map((s) => this.stop(s)));
  }

  /** @throws IllegalStateError naming a service that exited on its own, with the end of its log. */
  assertRunning(): void {
    for (const [service, child] of this.running) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new IllegalStateError(
          `${service} exited unexpectedly (code ${child.exitCode}, signal ${child.signalCode}); last lines of ${this.logFile(service)}:\n${tailOfLog(this.logFile(service), 20)}`,
        );
      }
    }
  }
}
