import { ValidationError } from '@hindsight/contracts';
import { parseTargetProfile, parseTargetProfileYaml } from './target-profile';

describe('parseTargetProfileYaml', () => {
  it('reads the shares per dimension', () => {
    expect(
      parseTargetProfileYaml("expertise: { novice: 0.5, expert: 0.5 }\nregion:\n  '150': 0.3\n  '021': 0.7\n"),
    ).toEqual({ expertise: { novice: 0.5, expert: 0.5 }, region: { '150': 0.3, '021': 0.7 } });
    expect(parseTargetProfileYaml('')).toEqual({});
  });

  it('names the field of a bad share, an unknown dimension or broken YAML', () => {
    expect(() => parseTargetProfileYaml('region: { "150": 1.5 }')).toThrow(ValidationError);
    expect(() => parseTargetProfileYaml('region: { "150": 1.5 }')).toThrow(/region\["150"\]: must be <= 1/);
    expect(() => parseTargetProfileYaml('age: { young: 0.5 }')).toThrow(/age|unrecognized|unknown/i);
    expect(() => parseTargetProfileYaml('region: [')).toThrow(/target-profile/);
  });
});

describe('parseTargetProfile', () => {
  it('takes a JSON value by the same rules, issue paths under the given field', () => {
    expect(parseTargetProfile({ languages: { en: 0.7 } })).toEqual({ languages: { en: 0.7 } });
    expect(() => parseTargetProfile({ region: { '150': 1.5 } })).toThrow(
      /targetProfile\.region\["150"\]: must be <= 1/,
    );
    expect(() => parseTargetProfile('expertise', 'body.target')).toThrow(/body\.target/);
  });
});
