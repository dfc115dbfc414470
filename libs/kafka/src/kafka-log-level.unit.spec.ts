import { logLevel } from 'kafkajs';
import { pinoLevelOf } from './kafka-log-level';

describe('pinoLevelOf', () => {
  it('maps kafkajs levels to pino levels', () => {
    expect(pinoLevelOf(logLevel.ERROR, {})).toBe('error');
    expect(pinoLevelOf(logLevel.WARN, {})).toBe('warn');
    expect(pinoLevelOf(logLevel.INFO, {})).toBe('info');
    expect(pinoLevelOf(logLevel.DEBUG, {})).toBe('debug');
  });

  it('demotes the heartbeat errors of a routine rebalance to debug', () => {
    // What kafkajs 2.2 logged for each heartbeat during a rebalance in projector-crash.int.spec.ts.
    expect(pinoLevelOf(logLevel.ERROR, { error: 'The group is rebalancing, so a rejoin is needed' })).toBe('debug');
  });

  it('keeps every other broker error an error', () => {
    expect(pinoLevelOf(logLevel.ERROR, { error: 'Connection error: connect ECONNREFUSED 127.0.0.1:9092' })).toBe(
      'error',
    );
    expect(pinoLevelOf(logLevel.ERROR, { error: 'The coordinator is not available' })).toBe('error');
  });
});
