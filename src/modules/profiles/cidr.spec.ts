import { BlockList, isIP } from 'node:net';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidCidrError, normalizeCidr } from './cidr';

describe('normalizeCidr', () => {
  it.each([
    ['10.0.1.0/24', '10.0.1.0/24'],
    ['0.0.0.0/0', '0.0.0.0/0'],
    ['10.0.1.5', '10.0.1.5/32'],
    ['10.0.1.5/32', '10.0.1.5/32'],
    ['255.255.255.255/32', '255.255.255.255/32'],
    ['172.16.0.0/12', '172.16.0.0/12'],
    ['2001:DB8::/32', '2001:db8::/32'],
    ['2001:0db8:0000:0000:0000:0000:0000:0001', '2001:db8::1/128'],
    ['::1', '::1/128'],
    ['::/0', '::/0'],
    ['fe80::/10', 'fe80::/10'],
    ['2001:db8:0:0:1:0:0:1/128', '2001:db8::1:0:0:1/128'],
    ['2001:0:0:1:0:0:0:1', '2001:0:0:1::1/128'],
    ['1:2:3:4:5:6:7:8/128', '1:2:3:4:5:6:7:8/128'],
    ['1:0:3:4:5:6:7:8', '1:0:3:4:5:6:7:8/128'],
    ['::ffff:10.0.1.5', '::ffff:a00:105/128'],
    ['64:ff9b::/96', '64:ff9b::/96'],
  ])('%s is %s', (text, expected) => {
    expect(normalizeCidr(text)).toBe(expected);
  });

  it.each([
    ['10.0.1.0/33', 'the prefix length of an IPv4 network is at most 32'],
    ['300.1.1.1/24', '"300.1.1.1" is not an IPv4 or IPv6 address'],
    ['2001:db8::/129', 'the prefix length of an IPv6 network is at most 128'],
    ['10.0.1.5/24', 'host bits are set; the network is "10.0.1.0/24"'],
    ['2001:db8::1/32', 'host bits are set; the network is "2001:db8::/32"'],
    ['10.0.1.0/', 'the prefix length must be a whole number from 0 to 32'],
    ['10.0.1.0/024', 'the prefix length must be a whole number from 0 to 32'],
    ['10.0.1.0/+8', 'the prefix length must be a whole number from 0 to 32'],
    ['10.0.1.0/8/8', 'the prefix length must be a whole number from 0 to 32'],
    ['10.0.1.0/ 24', 'the prefix length must be a whole number from 0 to 32'],
    ['010.0.1.0/24', '"010.0.1.0" is not an IPv4 or IPv6 address'],
    ['10.0.1/24', '"10.0.1" is not an IPv4 or IPv6 address'],
    [' 10.0.1.0/24', '" 10.0.1.0" is not an IPv4 or IPv6 address'],
    ['fe80::1%eth0', 'zone ids are not allowed'],
    ['1::2::3', '"1::2::3" is not an IPv4 or IPv6 address'],
    ['', '"" is not an IPv4 or IPv6 address'],
    ['example.com/24', '"example.com" is not an IPv4 or IPv6 address'],
    [`${'1'.repeat(70)}`, 'too long'],
  ])('rejects %s: %s', (text, reason) => {
    let caught: unknown;
    try {
      normalizeCidr(text);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InvalidCidrError);
    expect((caught as InvalidCidrError).reason).toBe(reason);
    expect((caught as InvalidCidrError).message).toContain(`"${text.slice(0, 60)}`);
  });

  it('gives every IPv4 network back as it is, and is idempotent', () => {
    fc.assert(
      fc.property(fc.ipV4(), fc.integer({ min: 0, max: 32 }), (address, prefix) => {
        const octets = address.split('.').map(Number);
        const value = octets.reduce((sum, octet) => sum * 256 + octet, 0);
        const network = prefix === 0 ? 0 : value - (value % 2 ** (32 - prefix));
        const text = `${[24, 16, 8, 0].map((shift) => Math.floor(network / 2 ** shift) % 256).join('.')}/${prefix}`;
        expect(normalizeCidr(text)).toBe(text);
      }),
    );
  });

  it('writes any IPv6 address as one Node reads back to the same address, and is idempotent', () => {
    fc.assert(
      fc.property(fc.ipV6(), (address) => {
        const normalized = normalizeCidr(address);
        const [text, prefix] = normalized.split('/');
        expect(prefix).toBe('128');
        expect(isIP(text)).toBe(6);
        const same = new BlockList();
        same.addAddress(address, 'ipv6');
        expect(same.check(text, 'ipv6')).toBe(true);
        expect(text).not.toMatch(/[A-F]|(^|:)0[0-9a-f]/);
        expect(normalizeCidr(normalized)).toBe(normalized);
        expect(normalizeCidr(text.toUpperCase())).toBe(normalized);
      }),
    );
  });
});
