import { describe, expect, it } from 'vitest';
import { forbiddenAddressReason } from './address-policy';

describe('forbiddenAddressReason', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'link-local (cloud metadata)'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['0.0.0.0', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['192.0.2.10', 'reserved'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['fc00::1', 'unique-local'],
    ['fd12::1', 'unique-local'],
    ['ff02::1', 'multicast'],
    ['2001:db8::1', 'reserved'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:169.254.169.254', 'link-local (cloud metadata)'],
    ['::ffff:7f00:1', 'loopback'],
    ['64:ff9b::127.0.0.1', 'NAT64 of a loopback address'],
    ['64:ff9b::a9fe:a9fe', 'NAT64 of a link-local (cloud metadata) address'],
    ['2002:7f00:1::1', '6to4 tunnel'],
    ['2001:0:4136:e378::1', 'Teredo tunnel'],
    ['::127.0.0.1', 'loopback'],
    ['4000::1', 'reserved'],
  ])('refuses %s as %s', (ip, reason) => {
    expect(forbiddenAddressReason(ip)).toBe(reason);
  });

  it.each(['8.8.8.8', '1.1.1.1', '2606:4700::1111', '::ffff:8.8.8.8', '64:ff9b::8.8.8.8'])('allows %s', (ip) => {
    expect(forbiddenAddressReason(ip)).toBeUndefined();
  });

  it.each(['', 'example.com', '127.1', '0x7f.0.0.1', '1.2.3.4.5', '::g'])('refuses %j as not an address', (text) => {
    expect(forbiddenAddressReason(text)).toBe('not an IP address');
  });
});
