import { ValidationError } from '@hindsight/contracts';
import { invalidInput } from './invalid-input';

describe('invalidInput', () => {
  it('names the function, the field and the rule', () => {
    const error = invalidInput('cohenKappa', 'raterA[2]', 'is missing');
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.message).toBe('cohenKappa: raterA[2] is missing');
    expect(error.issues).toEqual([{ path: 'raterA[2]', rule: 'is missing' }]);
    expect(error.code).toBe('validation');
  });
});
