import { parseWeightFlags } from './blend.command';

describe('hindsight blend set --weight', () => {
  it('reads repeated group=w flags, the last = splitting name from weight', () => {
    expect(parseWeightFlags(['north=1', 'south=0', 'a=b=0.5'])).toEqual({ north: 1, south: 0, 'a=b': 0.5 });
  });

  it('names the flag for an entry that is not group=number', () => {
    for (const bad of ['north', '=1', 'north=', 'north=x'])
      expect(() => parseWeightFlags([bad])).toThrow(
        expect.objectContaining({ issues: [expect.objectContaining({ path: '--weight' })] }),
      );
  });
});
