import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { ValidationError } from '@hindsight/contracts';
import { registerBtCommands } from './bt.command';

let dir: string;
let out: string[];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hindsight-bt-'));
  out = [];
  jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out.push(String(chunk));
    return true;
  });
});

afterEach(() => {
  jest.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

const run = async (...args: string[]): Promise<string> => {
  const program = new Command('hindsight')
    .exitOverride()
    .configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
  registerBtCommands(program);
  await program.parseAsync(args, { from: 'user' });
  return out.join('');
};

/**
 * Stigler (1994) journal citations (hturner/BradleyTerry2 data/citations.R; the cited journal wins).
 * Published fit, hturner/BradleyTerry2 tests/BTabilities.Rout.save: reference Biometrika —
 * Comm Statist −2.9490725 (0.10254534), JASA −0.4795698 (0.06058873), JRSS-B 0.2689541 (0.07082997);
 * refcat JASA — Biometrika 0.4795698 (0.06058873), Comm Statist −2.4695027 (0.09817049),
 * JRSS-B 0.7485238 (0.07294356).
 */
const citationsCsv = [
  'player1,player2,wins1,wins2',
  'Biometrika,Comm Statist,730,33',
  'Biometrika,JASA,498,320',
  'Biometrika,JRSS-B,221,284',
  'Comm Statist,JASA,68,813',
  'Comm Statist,JRSS-B,17,276',
  'JASA,JRSS-B,142,325',
].join('\n');

describe('hindsight bt fit', () => {
  it('prints exactly {reference, players: [{name, strength, se}]} with --json, matching BradleyTerry2 to three decimals', async () => {
    const input = join(dir, 'citations.csv');
    writeFileSync(input, citationsCsv);
    const result = JSON.parse(await run('bt', 'fit', '--input', input, '--json'));
    expect(Object.keys(result)).toEqual(['reference', 'players']);
    expect(result.reference).toBe('Biometrika');
    const published: [string, number, number][] = [
      ['Biometrika', 0, 0],
      ['Comm Statist', -2.9490725, 0.10254534],
      ['JASA', -0.4795698, 0.06058873],
      ['JRSS-B', 0.2689541, 0.07082997],
    ];
    expect(result.players).toHaveLength(4);
    result.players.forEach((p: { name: string; strength: number; se: number }, i: number) => {
      expect(Object.keys(p)).toEqual(['name', 'strength', 'se']);
      expect(p.name).toBe(published[i][0]);
      expect(p.strength).toBeCloseTo(published[i][1], 3);
      expect(p.se).toBeCloseTo(published[i][2], 3);
    });
  });

  it('honours --reference (BradleyTerry2 refcat = "JASA")', async () => {
    const input = join(dir, 'citations.csv');
    writeFileSync(input, citationsCsv);
    const result = JSON.parse(await run('bt', 'fit', '--input', input, '--reference', 'JASA', '--json'));
    expect(result.reference).toBe('JASA');
    const byName = Object.fromEntries(result.players.map((p: { name: string }) => [p.name, p]));
    expect(byName['Biometrika'].strength).toBeCloseTo(0.4795698, 3);
    expect(byName['Comm Statist'].strength).toBeCloseTo(-2.4695027, 3);
    expect(byName['Comm Statist'].se).toBeCloseTo(0.09817049, 3);
    expect(byName['JRSS-B'].se).toBeCloseTo(0.07294356, 3);
    expect(byName['JASA']).toEqual({ name: 'JASA', strength: 0, se: 0 });
  });

  it('prints a table ranked by strength without --json', async () => {
    const input = join(dir, 'citations.csv');
    writeFileSync(input, citationsCsv);
    const printed = await run('bt', 'fit', '--input', input);
    expect(printed.split('\n')).toEqual([
      'Bradley–Terry fit, 4 players; strength on the log-odds scale, Biometrika = 0',
      '',
      'player        strength      se',
      'JRSS-B           0.269   0.071',
      'Biometrika       0.000   0.000',
      'JASA            -0.480   0.061',
      'Comm Statist    -2.949   0.103',
      '',
    ]);
  });

  it('reports bad input as validation errors and a missing --input as a usage error', async () => {
    const input = join(dir, 'bad.csv');
    writeFileSync(input, 'player1,player2,wins1,wins2\na,b,x,1\n');
    await expect(run('bt', 'fit', '--input', input)).rejects.toThrow(ValidationError);
    await expect(run('bt', 'fit', '--input', input)).rejects.toThrow(
      'parseMatchesCsv: line 2: wins1 must be a non-negative number (got "x")',
    );
    const citations = join(dir, 'citations.csv');
    writeFileSync(citations, citationsCsv);
    await expect(run('bt', 'fit', '--input', citations, '--reference', 'Nature')).rejects.toThrow(
      'fitBradleyTerry: options.reference',
    );
    await expect(run('bt', 'fit', '--input', join(dir, 'none.csv'))).rejects.toThrow('cannot be read (ENOENT)');
    await expect(run('bt', 'fit')).rejects.toThrow(CommanderError);
  });
});
