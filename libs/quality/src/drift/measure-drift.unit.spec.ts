import { ValidationError } from '@hindsight/contracts';
import { lengthDrift } from './length-drift';
import { localeMixDrift } from './locale-mix-drift';
import { measureDrift, type DriftSample } from './measure-drift';
import { promptDrift } from './prompt-drift';

const sample = (prompt: string, locale: string | null = null): DriftSample => ({ prompt, locale });
const many = (n: number, prompt: (i: number) => string, locale: (i: number) => string | null = () => null) =>
  Array.from({ length: n }, (_, i) => sample(prompt(i), locale(i)));

describe('measureDrift', () => {
  it('is not known below minPrompts prompts with a word on either side; empty prompts do not count', () => {
    const trained = many(3, (i) => `bake bread ${i}`);
    expect(measureDrift(trained, [...many(2, () => 'file taxes'), sample('?!'), sample('')], 3)).toBeUndefined();
    expect(
      measureDrift(
        trained.slice(0, 2),
        many(3, () => 'file taxes'),
        3,
      ),
    ).toBeUndefined();
    expect(
      measureDrift(
        trained,
        many(3, () => 'file taxes'),
        3,
      ),
    ).toMatchObject({ trainedOn: 3, deployed: 3 });
  });

  it('is each measure of the prompts with words; the locale mix only over prompts that name a locale', () => {
    const trained = [
      ...many(
        4,
        (i) => `how do I bake bread ${i}`,
        () => 'en-GB',
      ),
      sample('?'),
    ];
    const deployed = [
      ...many(
        2,
        () => 'file my taxes',
        () => 'de',
      ),
      ...many(
        2,
        () => 'bake',
        () => 'en',
      ),
      sample('a very long prompt about taxes and bread and ovens and refunds'),
    ];
    const prompts = (s: DriftSample[]) => s.filter((x) => x.prompt !== '?').map((x) => x.prompt);
    expect(measureDrift(trained, deployed, 4)).toEqual({
      words: promptDrift(prompts(trained), prompts(deployed)),
      length: lengthDrift(prompts(trained), prompts(deployed)),
      localeMix: localeMixDrift(['en', 'en', 'en', 'en'], ['de', 'de', 'en', 'en']),
      trainedOn: 4,
      deployed: 5,
    });
  });

  it('leaves the locale mix null when either side has fewer than minPrompts locales', () => {
    const trained = many(
      3,
      (i) => `bake bread ${i}`,
      () => 'en',
    );
    const deployed = [
      ...many(
        2,
        () => 'bake bread',
        () => 'en',
      ),
      sample('bake'),
    ];
    expect(measureDrift(trained, deployed, 3)?.localeMix).toBeNull();
  });

  it('refuses a minPrompts that is not an integer >= 1', () => {
    expect(() => measureDrift([], [], 0)).toThrow(ValidationError);
    expect(() => measureDrift([], [], 1.5)).toThrow('measureDrift: minPrompts must be an integer >= 1');
  });
});
