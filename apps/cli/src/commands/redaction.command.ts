import { randomBytes } from 'node:crypto';
import { formatUuidV7 } from '@hindsight/contracts';
import {
  redactionPolicyConfiguredEvent,
  redactionPolicyView,
  type CustomPattern,
  type RedactionPolicyView,
} from '@hindsight/redaction';
import { RedactionPolicyRepository } from '@hindsight/store';
import type { CommandRegistrar } from './command-registrar';
import { withRecordPublisher } from './record-publisher';
import { withDatabase } from './with-database';

/** `mode redact  phone region US  custom: ticket /TCK-\d{6}/i  set by cli at …`. Pure. */
export function renderRedactionPolicy(tenant: string, p: RedactionPolicyView): string {
  const custom = p.custom.length
    ? p.custom.map((c) => `${c.name} /${c.pattern}/${c.caseInsensitive ? 'i' : ''}`).join(', ')
    : 'none';
  const who = p.isDefault ? 'default (never set)' : `set by ${p.setBy} at ${p.setAt}`;
  return `redaction policy of ${tenant}: mode ${p.mode}  phone region ${p.phoneRegion ?? 'none (international only)'}  custom: ${custom}  ${who}\n`;
}

/** `--custom name=pattern` (repeatable); `name:i=pattern` matches case-insensitively. */
function customPatternsOf(values: readonly string[]): CustomPattern[] {
  return values.map((v) => {
    const eq = v.indexOf('=');
    const head = eq < 0 ? v : v.slice(0, eq);
    const caseInsensitive = head.endsWith(':i');
    return {
      name: caseInsensitive ? head.slice(0, -2) : head,
      pattern: eq < 0 ? '' : v.slice(eq + 1),
      ...(caseInsensitive ? { caseInsensitive } : {}),
    };
  });
}

/** `hindsight redaction show|set`: the tenant's PII redaction policy (an event on the configuration topic, then the row). */
export const registerRedactionCommands: CommandRegistrar = (program) => {
  const redaction = program
    .command('redaction')
    .description("a tenant's PII redaction policy: off, redact (the default) or refuse, phone region, custom patterns");
  redaction
    .command('show')
    .description("the tenant's redaction policy (the default when it never set one)")
    .requiredOption('--tenant <tenant>', 'tenant')
    .option('--json', 'print JSON')
    .action(async (o: { tenant: string; json?: boolean }) => {
      const view = redactionPolicyView(await withDatabase((ds) => new RedactionPolicyRepository(ds).get(o.tenant)));
      process.stdout.write(o.json ? `${JSON.stringify(view)}\n` : renderRedactionPolicy(o.tenant, view));
    });
  redaction
    .command('set')
    .description("replace the tenant's redaction policy; published as redaction-policy.configured, then stored")
    .requiredOption('--tenant <tenant>', 'tenant')
    .requiredOption('--mode <mode>', 'off, redact or refuse')
    .option(
      '--phone-region <code>',
      'ISO 3166-1 alpha-2 country whose national phone format is recognised; "none": international only',
      'US',
    )
    .option(
      '--custom <name=pattern>',
      'a custom pattern (repeatable), replaced by [CUSTOM:<name>]; name:i=pattern ignores case',
      (v: string, all: string[]) => [...all, v],
      [] as string[],
    )
    .option('--json', 'print JSON')
    .action(async (o: { tenant: string; mode: string; phoneRegion: string; custom: string[]; json?: boolean }) => {
      const at = new Date();
      const event = redactionPolicyConfiguredEvent({
        eventId: formatUuidV7(at.getTime(), randomBytes(10)),
        tenant: o.tenant,
        source: 'cli',
        setBy: 'cli',
        at,
        request: {
          mode: o.mode,
          phoneRegion: o.phoneRegion === 'none' ? null : o.phoneRegion,
          custom: customPatternsOf(o.custom),
        },
      });
      await withDatabase((ds) =>
        withRecordPublisher(async (publish) => {
          await publish(event);
          await new RedactionPolicyRepository(ds).apply(event);
        }),
      );
      const view = redactionPolicyView(event.data);
      process.stdout.write(o.json ? `${JSON.stringify(view)}\n` : renderRedactionPolicy(o.tenant, view));
    });
};
