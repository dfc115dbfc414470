import { findIps } from './ip';

// References: RFC 5737 (IPv4 documentation ranges 192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24), RFC 3849
// (IPv6 documentation prefix 2001:db8::/32) and the text forms of RFC 4291 § 2.2 (full, compressed, IPv4-embedded).
const spans = (text: string) => findIps(text).map((m) => text.slice(m.start, m.end));

describe('findIps', () => {
  it('finds IPv4 addresses, with a trailing full stop or a port', () => {
    expect(spans('Blocked 203.0.113.7 and 198.51.100.254.')).toEqual(['203.0.113.7', '198.51.100.254']);
    expect(spans('server at 192.0.2.10:8080 is down')).toEqual(['192.0.2.10']);
  });

  it('finds the IPv6 text forms of RFC 4291', () => {
    expect(spans('full 2001:0db8:0000:0000:0008:0800:200c:417a here')).toEqual([
      '2001:0db8:0000:0000:0008:0800:200c:417a',
    ]);
    expect(spans('compressed 2001:db8::8:800:200c:417a, loopback ::1 and ::ffff:192.0.2.1.')).toEqual([
      '2001:db8::8:800:200c:417a',
      '::1',
      '::ffff:192.0.2.1',
    ]);
    expect(spans('link-local [fe80::1%eth0]:22')).toEqual(['fe80::1%eth0']);
  });

  it('leaves invalid quads, versions, times and code', () => {
    expect(spans('999.1.1.1 and 256.0.0.1 and 01.2.3.4')).toEqual([]);
    expect(spans('release v1.2.3.4, 1.2.3.4.5, 10.0.0.1-rc2 and semver 2.14.0')).toEqual([]);
    expect(spans('at 12:30:45 we met; std::vector and a::b are code')).toEqual([]);
    expect(spans('dead:beef is not an address')).toEqual([]);
  });
});
