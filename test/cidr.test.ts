import { Cidr } from '../lib';

describe('valid blocks', () => {
  test.each([
    ['10.0.0.0/8'],
    ['0.0.0.0/0'],
    ['192.168.1.7/32'],
    ['2001:db8::/32'],
    ['::/0'],
    ['fd00::1/128'],
  ])('%s is kept as written', (text) => {
    expect(Cidr.of(text).toString()).toBe(text);
  });

  test('prefix length and family', () => {
    expect(Cidr.of('10.0.0.0/8')).toMatchObject({ prefixLength: 8, ipv6: false });
    expect(Cidr.of('2001:db8::/32')).toMatchObject({ prefixLength: 32, ipv6: true });
  });

  test('host() is one address', () => {
    expect(Cidr.host('203.0.113.7').toString()).toBe('203.0.113.7/32');
    expect(Cidr.host('2001:db8::7').toString()).toBe('2001:db8::7/128');
    expect(Cidr.anyIpv4().toString()).toBe('0.0.0.0/0');
  });
});

describe('strictlyContains', () => {
  test.each([
    ['10.0.0.0/8', '10.1.0.0/16', true],
    ['10.0.0.0/8', '10.0.0.0/8', false],
    ['10.0.0.0/24', '192.168.0.0/24', false],
    ['10.0.0.0/16', '10.0.0.0/8', false],
    ['2001:db8::/32', '2001:db8:1::/48', true],
    ['10.0.0.0/8', '2001:db8::/48', false],
  ])('%s contains %s: %s', (outer, inner, expected) => {
    expect(Cidr.of(outer).strictlyContains(Cidr.of(inner))).toBe(expected);
  });
});

describe.each([
  ['10.0.0.0/33', /prefix length \/33 is longer than an IPv4 address \(at most \/32\)/],
  ['2001:db8::/129', /prefix length \/129 is longer than an IPv6 address/],
  ['256.0.0.0/8', /"256.0.0.0" is not a valid IPv4 address/],
  ['10.0.0/8', /not a valid IPv4 address/],
  ['010.0.0.0/8', /not a valid IPv4 address/],
  ['2001:db8:::/32', /not a valid IPv6 address/],
  ['10.0.0.0', /is not an address and a prefix length/],
  ['10.0.0.0/', /is not an address and a prefix length/],
  ['10.0.0.1/8', /has host bits set after the \/8 prefix; write the network address "10.0.0.0\/8"/],
  ['2001:db8::1/32', /write the network address "2001:db8::\/32"/],
])('Cidr.of(%j)', (text, message) => {
  test('fails with a message that says why', () => {
    expect(() => Cidr.of(text)).toThrow(message);
  });
});
