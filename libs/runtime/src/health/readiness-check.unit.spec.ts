import { assessReadiness, type ReadinessCheck } from './readiness-check';

const check = (name: string, up: boolean, optional?: boolean): ReadinessCheck => ({
  name,
  optional,
  check: async () => ({ up, detail: up ? 'ok' : 'refused' }),
});

describe('assessReadiness', () => {
  it('is ready when every dependency answers', async () => {
    expect(await assessReadiness('api', [check('kafka', true), check('postgres', true, true)])).toMatchObject({
      status: 'ready',
      down: [],
    });
  });

  it('is degraded, not unready, when only optional dependencies are down (the api ingests without PostgreSQL)', async () => {
    expect(await assessReadiness('api', [check('kafka', true), check('postgres', false, true)])).toMatchObject({
      status: 'degraded',
      down: ['postgres'],
      dependencies: { postgres: { up: false, detail: 'refused' } },
    });
  });

  it('is not ready when a required dependency is down, optional ones too or not', async () => {
    expect(await assessReadiness('api', [check('kafka', false), check('postgres', false, true)])).toMatchObject({
      status: 'not-ready',
      down: ['kafka', 'postgres'],
    });
    expect(await assessReadiness('projector', [check('kafka', true), check('postgres', false)])).toMatchObject({
      status: 'not-ready',
      down: ['postgres'],
    });
  });

  it('counts a check that throws as down, with its message', async () => {
    const broken: ReadinessCheck = { name: 'artifacts', check: () => Promise.reject(new Error('no bucket')) };
    expect(await assessReadiness('trainer', [broken])).toMatchObject({
      status: 'not-ready',
      dependencies: { artifacts: { up: false, detail: 'no bucket' } },
    });
  });
});
