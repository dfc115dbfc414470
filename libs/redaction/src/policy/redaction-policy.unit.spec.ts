import type { RedactionPolicyConfigured } from '@hindsight/contracts';
import {
  DEFAULT_REDACTION_POLICY,
  policyOf,
  redactEventData,
  redactionPolicyConfiguredEvent,
  redactionPolicyView,
} from './redaction-policy';
import { TenantRedactionPolicies } from './tenant-redaction-policies';

// Planted truth: the texts carry exactly the items the expected counts name (RFC 2606 addresses, RFC 5737 addresses).
const at = new Date('2026-12-06T12:00:00.000Z');
const configured = (mode: 'off' | 'redact' | 'refuse', custom: unknown[] = [], setAt = at) =>
  redactionPolicyConfiguredEvent({
    eventId: '0190a000-0000-7000-8000-0000000000c1',
    tenant: 'acme',
    source: 'api',
    setBy: 'api-key:abc',
    at: setAt,
    request: { mode, custom },
  });
const options = { pathPrefix: 'data.', maxChars: 100 };
const data = { interactionId: 'i-1', prompt: 'mail ada@example.org', response: 'from 203.0.113.7', modelVersion: 'm' };

describe('redactEventData', () => {
  it('redact: the fields hold placeholders, the record the counts and the originals', () => {
    const out = redactEventData(data, ['prompt', 'response'], policyOf(configured('redact')), options);
    expect(out).toEqual({
      changed: true,
      counts: { email: 1, ip: 1 },
      data: {
        ...data,
        prompt: 'mail [EMAIL]',
        response: 'from [IP]',
        redaction: { counts: { email: 1, ip: 1 }, original: { prompt: data.prompt, response: data.response } },
      },
    });
  });

  it('redact with nothing found, and off, leave the data as sent', () => {
    const clean = { ...data, prompt: 'hello', response: 'hi' };
    expect(redactEventData(clean, ['prompt', 'response'], DEFAULT_REDACTION_POLICY, options)).toEqual({
      data: clean,
      changed: false,
      counts: {},
    });
    expect(redactEventData(data, ['prompt'], policyOf(configured('off')), options).data).toBe(data);
  });

  it('refuse: names every field with the kinds found in it', () => {
    expect(() => redactEventData(data, ['prompt', 'response'], policyOf(configured('refuse')), options)).toThrow(
      expect.objectContaining({
        code: 'personal-data',
        issues: [
          { path: 'data.prompt', rule: "contains personal data (email); the tenant's redaction policy refuses it" },
          { path: 'data.response', rule: "contains personal data (ip); the tenant's redaction policy refuses it" },
        ],
      }),
    );
  });

  it('refuses a redaction record sent by a client, and text that grows past the limit', () => {
    expect(() => redactEventData({ ...data, redaction: {} }, ['prompt'], DEFAULT_REDACTION_POLICY, options)).toThrow(
      expect.objectContaining({ issues: [{ path: 'data.redaction', rule: 'set by the api; must not be sent' }] }),
    );
    const single = policyOf(configured('redact', [{ name: 'letter-x', pattern: 'x' }]));
    expect(() => redactEventData({ ...data, prompt: 'x'.repeat(50) }, ['prompt'], single, options)).toThrow(
      expect.objectContaining({ code: 'validation', issues: [expect.objectContaining({ path: 'data.prompt' })] }),
    );
  });
});

describe('redactionPolicyConfiguredEvent', () => {
  it('defaults the phone region to US and the custom patterns to none', () => {
    expect(configured('redact').data).toEqual({
      mode: 'redact',
      phoneRegion: 'US',
      custom: [],
      setBy: 'api-key:abc',
      setAt: at.toISOString(),
    });
  });

  it('names each field of the body at fault', () => {
    expect(() => configured('sometimes' as 'off')).toThrow(
      expect.objectContaining({ issues: [expect.objectContaining({ path: 'mode' })] }),
    );
    expect(() => configured('redact', [{ name: 'evil', pattern: '(a+)+' }])).toThrow(
      expect.objectContaining({ issues: [expect.objectContaining({ path: 'custom[0].pattern' })] }),
    );
  });
});

describe('TenantRedactionPolicies', () => {
  it('gives the default until a policy is read, and keeps the latest setAt whatever the order read', () => {
    const policies = new TenantRedactionPolicies();
    expect(policies.policyOf('acme')).toBe(DEFAULT_REDACTION_POLICY);
    const later = configured('refuse', [], new Date('2026-12-07T00:00:00Z'));
    policies.apply(later);
    policies.apply(configured('off') as RedactionPolicyConfigured);
    expect(policies.policyOf('acme').mode).toBe('refuse');
    expect(policies.policyOf('other').mode).toBe('redact');
    expect(redactionPolicyView(null)).toMatchObject({ mode: 'redact', isDefault: true });
  });
});
