import { QueryFailedError } from 'typeorm';
import { postgresUnavailableReason } from './postgres-unavailable';

function withCode(message: string, code: string): Error {
  return Object.assign(new Error(message), { code });
}

describe('postgresUnavailableReason', () => {
  it.each([
    ['the server refuses connections', withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')],
    ['the server is starting up (57P03)', withCode('the database system is not yet accepting connections', '57P03')],
    ['the server is shutting down (57P01)', withCode('terminating connection due to administrator command', '57P01')],
    ['the server crashed (57P02)', withCode('terminating connection due to crash of another server process', '57P02')],
    ['a connection exception (08006)', withCode('connection failure', '08006')],
    ['too many connections (53300)', withCode('sorry, too many clients already', '53300')],
    ['the connection was cut mid-query', new Error('Connection terminated unexpectedly')],
    ['the pool found no connection in time', new Error('timeout exceeded when trying to connect')],
    [
      'inside a QueryFailedError',
      new QueryFailedError('SELECT 1', [], withCode('terminating connection due to administrator command', '57P01')),
    ],
    [
      'inside an AggregateError (every address refused)',
      Object.assign(new AggregateError([withCode('connect ECONNREFUSED ::1:5432', 'ECONNREFUSED')], ''), {}),
    ],
    [
      'as the cause of another error',
      new Error('claim failed', { cause: withCode('connect ECONNRESET', 'ECONNRESET') }),
    ],
  ])('says %s is an outage', (_, error) => {
    expect(postgresUnavailableReason(error)).toEqual(expect.any(String));
  });

  it.each([
    [
      'a unique violation (23505)',
      new QueryFailedError('INSERT', [], withCode('duplicate key value violates unique constraint', '23505')),
    ],
    ['a syntax error (42601)', withCode('syntax error at or near "SELEC"', '42601')],
    ['a cancelled statement (57014)', withCode('canceling statement due to statement timeout', '57014')],
    ['a plain bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['not an error at all', 'ECONNREFUSED'],
    ['nothing', undefined],
  ])('says %s is not an outage', (_, error) => {
    expect(postgresUnavailableReason(error)).toBeUndefined();
  });
});
