import { ValidationError } from '@hindsight/contracts';

/** Parsers of integer flags for commander: a value that breaks the rule is bad input (exit 2) naming the flag. */
export const positiveInteger =
  (flag: string) =>
  (value: string): number => {
    if (!/^\d+$/.test(value) || Number(value) < 1)
      throw new ValidationError(
        [{ path: flag, rule: 'must be a positive integer' }],
        `${flag} must be a positive integer (got "${value}")`,
      );
    return Number(value);
  };

export const nonNegativeInteger =
  (flag: string) =>
  (value: string): number => {
    if (!/^\d+$/.test(value) || Number(value) > 0xffffffff)
      throw new ValidationError(
        [{ path: flag, rule: 'must be an integer in [0, 4294967295]' }],
        `${flag} must be an integer in [0, 4294967295] (got "${value}")`,
      );
    return Number(value);
  };
