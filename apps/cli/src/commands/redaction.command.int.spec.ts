import { loadPlatformConfig } from '@hindsight/config';
import { createDataSource, type DataSource } from '@hindsight/store';
import { runCli, uniqueTenant } from '@hindsight/test-support';

/* `hindsight redaction set|show` against this run's broker and schema: the policy is published, stored and read back. */
describe('hindsight redaction', () => {
  const config = loadPlatformConfig();
  let dataSource: DataSource;
  const tenant = uniqueTenant('redaction-cli');

  beforeAll(async () => {
    dataSource = createDataSource(config.database, { applicationName: 'redaction-cli-test', poolSize: 2 });
    await dataSource.initialize();
  });
  afterAll(async () => {
    await dataSource.destroy();
  });

  it('shows the default, refuses an unsafe pattern with exit 2 naming it, then sets and shows a policy', async () => {
    const before = await runCli(['redaction', 'show', '--tenant', tenant, '--json']);
    expect(before.code).toBe(0);
    expect(JSON.parse(before.stdout)).toMatchObject({ mode: 'redact', phoneRegion: 'US', isDefault: true });

    const unsafe = await runCli(['redaction', 'set', '--tenant', tenant, '--mode', 'redact', '--custom', 'evil=(a+)+']);
    expect(unsafe.code).toBe(2);
    expect(unsafe.stderr).toContain('custom[0].pattern');

    const set = await runCli([
      'redaction',
      'set',
      '--tenant',
      tenant,
      '--mode',
      'refuse',
      '--phone-region',
      'none',
      '--custom',
      'ticket:i=TCK-\\d{6}',
      '--json',
    ]);
    expect(set.code).toBe(0);
    const shown = await runCli(['redaction', 'show', '--tenant', tenant]);
    expect(shown.stdout).toContain('mode refuse');
    expect(shown.stdout).toContain('custom: ticket /TCK-\\d{6}/i');
    expect(
      await dataSource.query('SELECT mode, phone_region, custom, set_by FROM redaction_policies WHERE tenant = $1', [
        tenant,
      ]),
    ).toEqual([
      {
        mode: 'refuse',
        phone_region: null,
        custom: [{ name: 'ticket', pattern: 'TCK-\\d{6}', caseInsensitive: true }],
        set_by: 'cli',
      },
    ]);
  }, 120_000);
});
