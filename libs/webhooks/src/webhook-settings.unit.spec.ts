import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadWebhookSettings, WEBHOOK_VARIABLES } from './webhook-settings';

describe('loadWebhookSettings', () => {
  it('has defaults', () => {
    expect(loadWebhookSettings({})).toEqual({
      maxAttempts: 8,
      backoffBaseMs: 1000,
      backoffMaxMs: 3_600_000,
      timeoutMs: 10_000,
      pollMs: 1000,
      groupId: 'hindsight-webhooks',
    });
  });

  it('refuses a bad value naming the variable and the rule', () => {
    expect(() => loadWebhookSettings({ WEBHOOK_MAX_ATTEMPTS: '0' })).toThrow(
      'Invalid configuration: WEBHOOK_MAX_ATTEMPTS: must be an integer between 1 and 100 (got "0")',
    );
    expect(() => loadWebhookSettings({ WEBHOOK_TIMEOUT_MS: 'soon' })).toThrow(/WEBHOOK_TIMEOUT_MS/);
    expect(() => loadWebhookSettings({ WEBHOOK_BACKOFF_BASE_MS: '5000', WEBHOOK_BACKOFF_MAX_MS: '1000' })).toThrow(
      /WEBHOOK_BACKOFF_MAX_MS: must be at least WEBHOOK_BACKOFF_BASE_MS/,
    );
    expect(() => loadWebhookSettings({ WEBHOOK_GROUP_ID: 'a b' })).toThrow(/WEBHOOK_GROUP_ID/);
  });

  it('documents every variable in the README configuration table, with its default', () => {
    const readme = readFileSync(join(__dirname, '../../../README.md'), 'utf8');
    for (const [name, spec] of Object.entries(WEBHOOK_VARIABLES))
      expect(readme).toContain(`| \`${name}\` | \`${spec.default}\` |`);
    expect(readme).toContain('| `WEBHOOK_GROUP_ID` | `hindsight-webhooks` |');
  });
});
