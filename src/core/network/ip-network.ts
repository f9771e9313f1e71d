import { isIPv4, isIPv6 } from 'node:net';

/*
 * IPv4 and IPv6 addresses and networks as numbers: parsing, masking, containment and the
 * canonical text. Profiles check the CIDRs they are given with it, firewall renderers
 * match on the networks.
 */

/** One IPv4 or IPv6 network, host bits cleared. */
export interface IpNetwork {
  readonly family: 4 | 6;
  readonly address: bigint;
  readonly prefix: number;
  /** "10.0.1.0/24", "2001:db8::/32". */
  readonly text: string;
  /** The address alone when the network is one host (a /32 or /128), else null. */
  readonly host: string | null;
}

/** Whether `inner` lies inside `outer` (same family, no shorter prefix, same network bits). */
export function containsNetwork(outer: IpNetwork, inner: IpNetwork): boolean {
  return (
    outer.family === inner.family &&
    outer.prefix <= inner.prefix &&
    maskAddress(inner.address, outer.prefix, outer.family) === outer.address
  );
}

/** An IPv4 or IPv6 network ("10.0.1.0/24", "::1", "10.0.1.5/24" → 10.0.1.0/24), or null for anything else. */
export function parseNetwork(text: string): IpNetwork | null {
  const slash = text.indexOf('/');
  const address = slash < 0 ? text : text.slice(0, slash);
  const prefixText = slash < 0 ? null : text.slice(slash + 1);
  const parsed = readIpAddress(address);
  if (parsed === null) return null;
  const { family } = parsed;
  const bits = family === 4 ? 32 : 128;
  if (prefixText !== null && !/^\d{1,3}$/.test(prefixText)) return null;
  const prefix = prefixText === null ? bits : Number(prefixText);
  if (prefix > bits) return null;
  const value = maskAddress(parsed.value, prefix, family);
  const formatted = formatIpAddress(value, family);
  return { family, address: value, prefix, text: `${formatted}/${prefix}`, host: prefix === bits ? formatted : null };
}

/** An IPv4 or IPv6 address (no zone id) as a number, or null for anything else. */
export function readIpAddress(address: string): { family: 4 | 6; value: bigint } | null {
  if (isIPv4(address)) return { family: 4, value: ipv4Value(address) };
  if (isIPv6(address) && !address.includes('%')) return { family: 6, value: ipv6Value(address) };
  return null;
}

/** The address with the bits below the prefix cleared: the network it belongs to. */
export function maskAddress(value: bigint, prefix: number, family: 4 | 6): bigint {
  const bits = BigInt(family === 4 ? 32 : 128);
  const all = (1n << bits) - 1n;
  return value & (all ^ ((1n << (bits - BigInt(prefix))) - 1n));
}

function ipv4Value(address: string): bigint {
  return address.split('.').reduce((value, octet) => (value << 8n) | BigInt(Number(octet)), 0n);
}

function ipv6Value(address: string): bigint {
  let text = address;
  const lastColon = text.lastIndexOf(':');
  if (text.includes('.', lastColon)) {
    const tail = ipv4Value(text.slice(lastColon + 1));
    text = `${text.slice(0, lastColon + 1)}${(tail >> 16n).toString(16)}:${(tail & 0xffffn).toString(16)}`;
  }
  const [head, tail] = text.split('::');
  const groups = (part: string | undefined) =>
    part ? part.split(':').map((group) => BigInt(parseInt(group, 16))) : [];
  const headGroups = groups(head);
  const tailGroups = groups(tail);
  const all =
    tail === undefined
      ? headGroups
      : [...headGroups, ...new Array<bigint>(8 - headGroups.length - tailGroups.length).fill(0n), ...tailGroups];
  return all.reduce((value, group) => (value << 16n) | group, 0n);
}

/** Dotted quad, or IPv6 as RFC 5952 recommends. */
export function formatIpAddress(value: bigint, family: 4 | 6): string {
  return family === 4 ? formatIpv4(value) : formatIpv6(value);
}

function formatIpv4(value: bigint): string {
  return [24n, 16n, 8n, 0n].map((shift) => ((value >> shift) & 0xffn).toString()).join('.');
}

/** RFC 5952: lower case, the longest run (of two or more) of zero groups as "::". */
function formatIpv6(value: bigint): string {
  const groups = Array.from({ length: 8 }, (_, index) => Number((value >> BigInt((7 - index) * 16)) & 0xffffn));
  let bestStart = -1;
  let bestLength = 1;
  for (let start = 0; start < 8; start++) {
    let length = 0;
    while (start + length < 8 && groups[start + length] === 0) length++;
    if (length > bestLength) {
      bestStart = start;
      bestLength = length;
    }
    start += length;
  }
  const hex = groups.map((group) => group.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}
