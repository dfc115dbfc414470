import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { ValidationError } from '@hindsight/contracts';
import { registerQualityCommands } from './quality.command';

let dir: string;
let out: string[];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hindsight-quality-'));
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

const file = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

const run = async (...args: string[]): Promise<string> => {
  const program = new Command('hindsight')
    .exitOverride()
    .configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
  registerQualityCommands(program);
  await program.parseAsync(args, { from: 'user' });
  return out.join('');
};

/** Krippendorff (2011) reliability data, 4 coders × 12 units (published: nominal 0.743, ordinal 0.815, interval 0.849). */
const krippendorffCsv = [
  'A,B,C,D',
  '1,1,,1',
  '2,2,3,2',
  '3,3,3,3',
  '3,3,3,3',
  '2,2,2,2',
  '1,2,3,4',
  '4,4,4,4',
  '1,1,2,1',
  '2,2,2,2',
  ',5,5,5',
  ',,1,1',
  ',3,,',
].join('\n');

/** scikit-learn test_cohen_kappa weighted example: κ none 0.9315, linear 0.9412, quadratic 0.9541. */
const sklearnCsv = [
  'y1,y2',
  ...Array.from({ length: 100 }, (_, i) => `${i < 46 ? 0 : i < 90 ? 1 : 2},${i < 50 ? 0 : i < 90 ? 1 : 2}`),
].join('\n');

describe('hindsight quality agreement', () => {
  it('prints exactly {metric, value, units, raters, ci} with --json (Krippendorff 2011 ordinal 0.815)', async () => {
    const printed = await run(
      'quality',
      'agreement',
      '--metric',
      'krippendorff',
      '--level',
      'ordinal',
      '--input',
      file('k.csv', krippendorffCsv),
      '--json',
      '--iterations',
      '300',
    );
    const result = JSON.parse(printed);
    expect(Object.keys(result)).toEqual(['metric', 'value', 'units', 'raters', 'ci']);
    expect(result.metric).toBe('krippendorff');
    expect(result.value).toBeCloseTo(0.815, 3);
    expect(result.units).toBe(11);
    expect(result.raters).toBe(4);
    expect(result.ci).toHaveLength(2);
    expect(result.ci[0]).toBeLessThanOrEqual(result.value);
    expect(result.ci[1]).toBeGreaterThanOrEqual(result.value);
  });

  it('computes weighted Cohen kappa from a CSV (scikit-learn: quadratic 0.9541, linear 0.9412)', async () => {
    const input = file('two.csv', sklearnCsv);
    expect(
      JSON.parse(
        await run(
          'quality',
          'agreement',
          '--metric',
          'cohen',
          '--weights',
          'quadratic',
          '--input',
          input,
          '--json',
          '--iterations',
          '50',
        ),
      ).value,
    ).toBeCloseTo(0.9541, 4);
    out.length = 0;
    expect(
      JSON.parse(
        await run(
          'quality',
          'agreement',
          '--metric',
          'cohen',
          '--weights',
          'linear',
          '--input',
          input,
          '--json',
          '--iterations',
          '50',
        ),
      ).value,
    ).toBeCloseTo(0.9412, 4);
  });

  it('prints a readable line without --json, and the same seed gives the same interval', async () => {
    const input = file('k.csv', krippendorffCsv);
    const first = await run(
      'quality',
      'agreement',
      '--metric',
      'krippendorff',
      '--level',
      'interval',
      '--input',
      input,
      '--iterations',
      '200',
      '--seed',
      '7',
    );
    expect(first).toMatch(/^Krippendorff's alpha \(interval\): 0\.849 {2}95% CI \[-?\d\.\d{3}, \d\.\d{3}\]\n/);
    expect(first).toContain('units: 11  raters: 4 (A, B, C, D)  bootstrap: 200 resamples, seed 7');
    out.length = 0;
    expect(
      await run(
        'quality',
        'agreement',
        '--metric',
        'krippendorff',
        '--level',
        'interval',
        '--input',
        input,
        '--iterations',
        '200',
        '--seed',
        '7',
      ),
    ).toBe(first);
  });

  it('refuses Cohen with other than two rater columns, with a clear message', async () => {
    const input = file('k.csv', krippendorffCsv);
    await expect(run('quality', 'agreement', '--metric', 'cohen', '--input', input)).rejects.toThrow(ValidationError);
    await expect(run('quality', 'agreement', '--metric', 'cohen', '--input', input)).rejects.toThrow(
      "Cohen's kappa needs exactly two rater columns; " + input + ' has 4 (A, B, C, D)',
    );
  });

  it('rejects unknown choices, missing options, bad numbers and unreadable files', async () => {
    const input = file('k.csv', krippendorffCsv);
    await expect(run('quality', 'agreement', '--metric', 'gwet', '--input', input)).rejects.toThrow(CommanderError);
    await expect(run('quality', 'agreement', '--input', input)).rejects.toThrow(CommanderError);
    await expect(run('quality', 'agreement', '--metric', 'fleiss', '--input', input)).rejects.toThrow(
      'fleissKappa: ratings[1] must carry 3 ratings',
    );
    await expect(
      run('quality', 'agreement', '--metric', 'fleiss', '--weights', 'linear', '--input', input),
    ).rejects.toThrow('measureAgreement: options.weights');
    await expect(
      run('quality', 'agreement', '--metric', 'krippendorff', '--input', input, '--iterations', '0'),
    ).rejects.toThrow('--iterations must be a positive integer');
    await expect(
      run('quality', 'agreement', '--metric', 'krippendorff', '--input', join(dir, 'missing.csv')),
    ).rejects.toThrow(/--input .*missing\.csv cannot be read \(ENOENT\)/);
  });
});

/** crowd-kit tests/conftest.py toy YSDA answers; published ground truth t1..t5 = yes, yes, no, yes, no. */
const toyCsv = [
  'task,rater,label',
  't1,w1,no',
  't2,w1,yes',
  't3,w1,yes',
  't4,w1,yes',
  't5,w1,yes',
  't1,w2,yes',
  't2,w2,yes',
  't3,w2,no',
  't4,w2,yes',
  't5,w2,no',
  't2,w3,yes',
  't3,w3,no',
  't4,w3,yes',
  't5,w3,no',
  't1,w4,yes',
  't2,w4,no',
  't3,w4,yes',
  't4,w4,yes',
  't5,w4,no',
  't1,w5,no',
  't2,w5,no',
  't3,w5,no',
  't4,w5,yes',
  't5,w5,no',
].join('\n');

describe('hindsight quality raters', () => {
  it('prints exactly {raters: [{rater, accuracy}], tasks: [{task, label}]} with --json (crowd-kit toy ground truth)', async () => {
    const result = JSON.parse(await run('quality', 'raters', '--input', file('toy.csv', toyCsv), '--json'));
    expect(Object.keys(result)).toEqual(['raters', 'tasks']);
    expect(result.raters.map((r: { rater: string }) => r.rater)).toEqual(['w1', 'w2', 'w3', 'w4', 'w5']);
    for (const r of result.raters) {
      expect(Object.keys(r)).toEqual(['rater', 'accuracy']);
      expect(r.accuracy).toBeGreaterThanOrEqual(0);
      expect(r.accuracy).toBeLessThanOrEqual(1);
    }
    expect(result.tasks).toEqual([
      { task: 't1', label: 'yes' },
      { task: 't2', label: 'yes' },
      { task: 't3', label: 'no' },
      { task: 't4', label: 'yes' },
      { task: 't5', label: 'no' },
    ]);
  });

  it('prints rater and task tables without --json', async () => {
    const printed = await run('quality', 'raters', '--input', file('toy.csv', toyCsv));
    expect(printed).toMatch(/^Dawid–Skene: 5 raters, 5 tasks, classes no, yes; \d+ EM iterations/);
    expect(printed).toMatch(/\nrater {2}accuracy {2}answers {2}flags\n/);
    expect(printed).toMatch(/\nw1 {5}[ 0-9.]{8} {2} {6}5/);
    expect(printed).toMatch(/\nt3 {4}no {5}\d\.\d{3}\n/);
  });

  it('reports a CSV without the required columns as a validation error', async () => {
    await expect(run('quality', 'raters', '--input', file('bad.csv', 'task,label\nt1,yes\n'))).rejects.toThrow(
      'parseAnnotationsCsv: header must have a "rater" column',
    );
  });
});
