import { ValidationError } from '@hindsight/contracts';

/**
 * Builds the ValidationError every guard in this library throws: one issue naming
 * the offending field and the rule it broke, with a message that starts with the
 * name of the function that refused the input.
 *
 * @example
 * throw invalidInput('cohenKappa', 'ratings[3]', 'must be a string or number');
 * // ValidationError: "cohenKappa: ratings[3] must be a string or number"
 * @throws never; it returns the error for the caller to throw.
 */
export function invalidInput(fn: string, path: string, rule: string): ValidationError {
  return new ValidationError([{ path, rule }], `${fn}: ${path} ${rule}`);
}
