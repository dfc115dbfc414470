import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serviceErrorLines } from './service-error-lines';

describe('serviceErrorLines', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'hindsight-error-lines-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("takes the error and fatal lines of every service's log, named by file, and nothing else", () => {
    mkdirSync(join(dir, 'logs'));
    writeFileSync(
      join(dir, 'logs', 'api.log'),
      [
        '{"level":30,"msg":"request"}',
        '{"level":50,"msg":"internal error","err":{"message":"boom"}}',
        '{"level":"error","msg":"labelled"}',
        '{"level":40,"msg":"warn"}',
        'not json',
      ].join('\n'),
    );
    writeFileSync(join(dir, 'logs', 'projector-1.log'), '{"level":60,"msg":"fatal"}\n');
    writeFileSync(join(dir, 'logs', 'notes.txt'), '{"level":50,"msg":"not a log file"}\n');
    expect(serviceErrorLines(dir)).toEqual([
      'api.log: {"level":50,"msg":"internal error","err":{"message":"boom"}}',
      'api.log: {"level":"error","msg":"labelled"}',
      'projector-1.log: {"level":60,"msg":"fatal"}',
    ]);
  });

  it('says how many more there are past the limit, and nothing for a folder without logs', () => {
    mkdirSync(join(dir, 'logs'));
    writeFileSync(
      join(dir, 'logs', 'api.log'),
      Array.from({ length: 5 }, (_, i) => `{"level":50,"n":${i}}`).join('\n'),
    );
    const lines = serviceErrorLines(dir, 2);
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe(`… 3 more error lines in ${join(dir, 'logs')}`);
    expect(serviceErrorLines(join(dir, 'missing'))).toEqual([]);
  });
});
