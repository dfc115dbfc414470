import { ValidationError } from '@hindsight/contracts';
import { orderCategories } from './order-categories';

describe('orderCategories', () => {
  it('sorts numbers numerically (not as text) and strings in code-unit order', () => {
    expect(orderCategories('f', [10, 2, 1, 2])).toEqual([1, 2, 10]);
    expect(orderCategories('f', ['b', 'B', 'a'])).toEqual(['B', 'a', 'b']);
  });

  it('uses explicit categories, which may include unobserved ones', () => {
    expect(orderCategories('f', ['mid', 'low'], ['low', 'mid', 'high'], true)).toEqual(['low', 'mid', 'high']);
  });

  it('refuses incomplete or repeated categories and unordered strings when order matters', () => {
    expect(() => orderCategories('f', ['x'], ['a'])).toThrow(ValidationError);
    expect(() => orderCategories('f', ['x'], ['a'])).toThrow(
      'f: options.categories must include every observed label (missing "x")',
    );
    expect(() => orderCategories('f', ['a'], ['a', 'a'])).toThrow('f: options.categories must not repeat');
    expect(() => orderCategories('f', ['a', 'b'], undefined, true)).toThrow(
      'f: options.categories must give the order',
    );
  });
});
