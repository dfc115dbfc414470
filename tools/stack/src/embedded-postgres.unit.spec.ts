import { embeddedPostgresPaths, localServerSpec, serverOptions } from './embedded-postgres';

describe('what an embedded PostgreSQL must be to satisfy DATABASE_URL', () => {
  it('listens on the URL’s loopback address and port, for its user and password', () => {
    expect(localServerSpec('postgres://postgres@127.0.0.1:55432/hindsight')).toEqual({
      host: '127.0.0.1',
      port: 55432,
      user: 'postgres',
      password: '',
    });
    expect(localServerSpec('postgresql://app:s%40cret@localhost/hindsight')).toEqual({
      host: '127.0.0.1',
      port: 5432,
      user: 'app',
      password: 's@cret',
    });
    expect(localServerSpec('postgres://[::1]:6000/db')).toEqual({
      host: '::1',
      port: 6000,
      user: 'postgres',
      password: '',
    });
  });

  it('is never started for another machine', () => {
    expect(() => localServerSpec('postgres://postgres@db.internal:5432/hindsight')).toThrow(
      'DATABASE_URL points at db.internal, which does not answer; an embedded PostgreSQL is only started for a loopback address',
    );
  });

  it('serves TCP only, on that one address', () => {
    expect(serverOptions({ host: '127.0.0.1', port: 55432, user: 'postgres', password: '' })).toBe(
      "-p 55432 -c listen_addresses=127.0.0.1 -c unix_socket_directories=''",
    );
  });

  it('keeps its data and log under HINDSIGHT_HOME/postgres', () => {
    expect(embeddedPostgresPaths('/srv/hs')).toEqual({
      root: '/srv/hs/postgres',
      data: '/srv/hs/postgres/data',
      log: '/srv/hs/postgres/server.log',
    });
  });
});
