import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * How far webhook deliveries may reach. Both flags are off in production: only https, and
 * only globally routable addresses, so a subscription cannot make the service call its own
 * loopback, the pod network or the cloud metadata endpoint (server-side request forgery).
 * Tests and on-premises installations whose receivers sit on private networks turn them on
 * (WEBHOOK_ALLOW_HTTP, WEBHOOK_ALLOW_PRIVATE_NETWORKS).
 */
export interface WebhookNetworkPolicy {
  allowHttp: boolean;
  allowPrivateNetworks: boolean;
}

/** ipaddr.js range names of IPv4 addresses, in the words an operator reads in an error. */
const IPV4_REASONS: Readonly<Record<string, string>> = {
  unspecified: 'unspecified',
  broadcast: 'broadcast',
  multicast: 'multicast',
  linkLocal: 'link-local (cloud metadata)',
  loopback: 'loopback',
  carrierGradeNat: 'carrier-grade NAT',
  private: 'private',
  reserved: 'reserved',
  as112: 'reserved (AS112 anycast)',
  amt: 'reserved (AMT anycast)',
};

/** The same for IPv6; transition ranges that embed an IPv4 address are handled first. */
const IPV6_REASONS: Readonly<Record<string, string>> = {
  unspecified: 'unspecified',
  linkLocal: 'link-local',
  multicast: 'multicast',
  loopback: 'loopback',
  uniqueLocal: 'unique-local',
  deprecatedSiteLocal: 'site-local',
  discard: 'reserved (discard)',
  rfc6145: 'reserved (IPv4-translated)',
  rfc6052: 'reserved (local-use NAT64)',
  '6to4': '6to4 tunnel',
  teredo: 'Teredo tunnel',
  benchmarking: 'reserved (benchmarking)',
  amt: 'reserved (AMT)',
  as112v6: 'reserved (AS112 anycast)',
  deprecatedOrchid: 'reserved (ORCHID)',
  orchid2: 'reserved (ORCHIDv2)',
  droneRemoteIdProtocolEntityTags: 'reserved (DRIP)',
  segmentRouting: 'reserved (segment routing)',
  reserved: 'reserved',
};

/** The NAT64 well-known prefix 64:ff9b::/96 (RFC 6052): the last 32 bits are an IPv4 address. */
const NAT64_WELL_KNOWN = ipaddr.parseCIDR('64:ff9b::/96') as [ipaddr.IPv6, number];
/** IANA's global unicast block; an IPv6 address outside it is not routable on the Internet. */
const GLOBAL_UNICAST_V6 = ipaddr.parseCIDR('2000::/3') as [ipaddr.IPv6, number];

/**
 * Why a webhook may not be delivered to this address, or undefined when it is a globally
 * routable unicast address. Anything that is not one is refused: loopback, private,
 * link-local (169.254.169.254 is the cloud metadata service), unique-local, carrier-grade
 * NAT, multicast, broadcast, unspecified and the reserved blocks, and text that is not an
 * address at all. IPv4-mapped IPv6 (::ffff:127.0.0.1) is judged as the IPv4 address it
 * carries, because the kernel connects to that IPv4 address. An address under the NAT64
 * well-known prefix (64:ff9b::a.b.c.d, what DNS64 answers on IPv6-only networks) is judged by
 * its embedded IPv4 address, so a public receiver stays reachable but 64:ff9b::7f00:1 does
 * not reach loopback through the translator. 6to4 (2002::/16) and Teredo (2001::/32) are
 * refused outright: they tunnel to an embedded IPv4 address and no receiver needs them.
 */
export function forbiddenAddressReason(ip: string): string | undefined {
  let address: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    // Node's isIP accepts only the canonical forms that DNS answers and WHATWG URL hosts
    // carry; ipaddr.js alone would also read inet_aton's "127.1" and "0x7f.0.0.1".
    if (isIP(ip) === 0) return 'not an IP address';
    // process() folds IPv4-mapped IPv6 to the IPv4 address it carries.
    address = ipaddr.process(ip);
  } catch {
    return 'not an IP address';
  }
  if (address.kind() === 'ipv4') {
    const range = address.range();
    return range === 'unicast' ? undefined : (IPV4_REASONS[range] ?? `reserved (${range})`);
  }
  const v6 = address as ipaddr.IPv6;
  if (v6.match(NAT64_WELL_KNOWN)) {
    const bytes = v6.toByteArray().slice(12);
    const embedded = new ipaddr.IPv4(bytes);
    const reason = forbiddenAddressReason(embedded.toString());
    return reason === undefined ? undefined : `NAT64 of a ${reason} address`;
  }
  const range = v6.range();
  if (range !== 'unicast') return IPV6_REASONS[range] ?? `reserved (${range})`;
  if (!v6.match(GLOBAL_UNICAST_V6)) return 'reserved';
  if (v6.zoneId !== undefined) return 'scoped (zone id)';
  return undefined;
}
