import { storesAsParsed } from './stores-as-parsed';

// Whether the text stores as its parse is decided in PostgreSQL by libs/projector's decode-message.int.spec.ts;
// here, which texts are told apart.
describe('storesAsParsed', () => {
  it.each([
    '{"a":1,"b":-2,"c":0,"d":[0.5,-0.25,123456789012345]}',
    '{ "a" : [ 1 ,\n\t2.5 ] ,\r\n "b": "x" }',
    '{"note":"1.50 and 1e5 in a string are text","id":"017f22e2-79b0-7cc3-98c4-dc0c0c07398f"}',
    '{"s":"quote \\" backslash \\\\ newline \\n unicode \\u00e9 \\ud83d\\ude00"}',
    '{"a":0.000001,"b":-0.5}',
  ])('says true for canonical numbers and any strings: %s', (json) => {
    expect(storesAsParsed(json)).toBe(true);
  });

  it.each([
    ['a trailing zero', '{"a":1.50}'],
    ['a zero fraction', '{"a":[3.0]}'],
    ['an exponent', '{"a":1e5}'],
    ['an upper-case exponent after whitespace', '{"a": 2.5E-3\n}'],
    ['a signed exponent', '{"a":[1e+2]}'],
    ['an exponent of a fraction', '{"a":[0.5e1 , 2]}'],
    ['16 digits', '{"a":1234567890123456}'],
    ['16 digits around a point', '{"a":1234567.890123456}'],
    ['minus zero', '{"a":-0}'],
    ['minus zero with a fraction', '{"a":[-0.0]}'],
    ['a __proto__ key', '{"a":{"__proto__":{"x":1}}}'],
    ['a __proto__ key spelt with escapes', '{"a":{"\\u005f_proto__":1}}'],
    ['an escaped letter of proto', '{"a":{"__pr\\u006Fto__":1}}'],
  ])('says false for %s', (_, json) => {
    expect(storesAsParsed(json)).toBe(false);
  });
});

describe('storesAsParsed on text inside strings', () => {
  it('is not misled by the times of an event, which hold `:` before digits', () => {
    expect(storesAsParsed('{"recordedAt":"2026-03-01T10:00:00.000Z","occurredAt":"2026-03-01T10:20:30.120Z"}')).toBe(
      true,
    );
  });

  it('reads each token once, however long (a string of digits and commas, one long number)', () => {
    expect(storesAsParsed(`{"a":"${'1,'.repeat(200_000)}"}`)).toBe(true);
    expect(storesAsParsed(`{"a":[${'1'.repeat(400_000)}]}`)).toBe(false);
    expect(storesAsParsed(`{"a":"${'1 '.repeat(200_000)}x"}`)).toBe(true);
  });
});
