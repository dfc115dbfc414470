import { findEmails } from './email';

// Reference: WHATWG HTML Standard, "valid e-mail address"; the valid and invalid examples below are the
// classic ones of RFC 3696 § 3 (which the standard's syntax deliberately simplifies).
const spans = (text: string) => findEmails(text).map((m) => text.slice(m.start, m.end));

describe('findEmails', () => {
  it('finds addresses inside sentences, without the trailing full stop', () => {
    expect(spans('Please write to ada.lovelace@example.org.')).toEqual(['ada.lovelace@example.org']);
    expect(spans('cc: first+tag@mail.example.co.uk, x_y@sub-domain.example.com')).toEqual([
      'first+tag@mail.example.co.uk',
      'x_y@sub-domain.example.com',
    ]);
    expect(spans('customer/department=shipping@example.com and !def!xyz%abc@example.com')).toEqual([
      'customer/department=shipping@example.com',
      '!def!xyz%abc@example.com',
    ]);
  });

  it('finds nothing where there is no address', () => {
    expect(spans('meet @ 5pm at the cafe')).toEqual([]);
    expect(spans('user@localhost has no dot in its domain')).toEqual([]);
    expect(spans('a@-example.com starts its domain with a hyphen')).toEqual([]);
    expect(spans('decorators like @Injectable() are code')).toEqual([]);
  });

  it('reports positions in the original text', () => {
    expect(findEmails('to: bo@ex.io')).toEqual([{ kind: 'email', start: 4, end: 12 }]);
  });
});
