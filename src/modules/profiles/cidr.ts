import { isIPv4, isIPv6 } from 'node:net';

/** A text that is not an IPv4 or IPv6 network; the message names it and says why. */
export class InvalidCidrError extends Error {
  override readonly name = 'InvalidCidrError';

  constructor(
    readonly cidr: string,
    readonly reason: string,
  ) {
    super(`${JSON.stringify(cidr.length > 60 ? `${cidr.slice(0, 60)}...` : cidr)} is not a valid CIDR: ${reason}`);
  }
}

const PREFIX_PATTERN = /^(?:0|[1-9]\d{0,2})$/;
/** Longer than any IPv6 address with an embedded IPv4 tail and a prefix. */
const MAX_CIDR_LENGTH = 64;

/**
 * The canonical text of an IPv4 or IPv6 network: "10.0.1.0/24", "2001:db8::/32". A bare
 * address stands for one host ("10.0.1.5" is "10.0.1.5/32", "::1" is "::1/128"). IPv6 is
 * written as RFC 5952 recommends (lower case, longest run of zero groups as "::").
 * Rejects host bits set below the prefix ("10.0.1.5/24"), zone ids, leading zeros in IPv4
 * octets and anything Node's own address parser rejects; throws InvalidCidrError.
 */
export function normalizeCidr(text: string): string {
  if (text.length > MAX_CIDR_LENGTH) throw new InvalidCidrError(text, 'too long');
  const slash = text.indexOf('/');
  const address = slash < 0 ? text : text.slice(0, slash);
  const prefixText = slash < 0 ? undefined : text.slice(slash + 1);
  if (address.includes('%')) throw new InvalidCidrError(text, 'zone ids are not allowed');
  const family = isIPv4(address) ? 4 : isIPv6(address) ? 6 : 0;
  if (family === 0) throw new InvalidCidrError(text, `"${address}" is not an IPv4 or IPv6 address`);
  const bytes = family === 4 ? ipv4Bytes(address) : ipv6Bytes(address);
  const maxPrefix = bytes.length * 8;
  if (prefixText !== undefined && !PREFIX_PATTERN.test(prefixText)) {
    throw new InvalidCidrError(text, `the prefix length must be a whole number from 0 to ${maxPrefix}`);
  }
  const prefix = prefixText === undefined ? maxPrefix : Number(prefixText);
  if (prefix > maxPrefix) {
    throw new InvalidCidrError(text, `the prefix length of an IPv${family} network is at most ${maxPrefix}`);
  }
  const network = masked(bytes, prefix);
  if (network.some((byte, index) => byte !== bytes[index])) {
    const format = family === 4 ? formatIpv4 : formatIpv6;
    throw new InvalidCidrError(text, `host bits are set; the network is "${format(network)}/${prefix}"`);
  }
  return `${family === 4 ? formatIpv4(bytes) : formatIpv6(bytes)}/${prefix}`;
}

function ipv4Bytes(address: string): number[] {
  return address.split('.').map(Number);
}

/** 16 bytes of an address isIPv6 accepted (so at most one "::" and a well-formed IPv4 tail). */
function ipv6Bytes(address: string): number[] {
  let text = address;
  const lastColon = text.lastIndexOf(':');
  if (text.includes('.', lastColon)) {
    const [a, b, c, d] = ipv4Bytes(text.slice(lastColon + 1));
    text = `${text.slice(0, lastColon + 1)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::');
  const groupsOf = (part: string | undefined) => (part ? part.split(':').map((group) => parseInt(group, 16)) : []);
  const headGroups = groupsOf(head);
  const tailGroups = groupsOf(tail);
  const groups =
    tail === undefined
      ? headGroups
      : [...headGroups, ...new Array<number>(8 - headGroups.length - tailGroups.length).fill(0), ...tailGroups];
  return groups.flatMap((group) => [group >> 8, group & 0xff]);
}

function masked(bytes: readonly number[], prefix: number): number[] {
  return bytes.map((byte, index) => {
    const bits = Math.min(Math.max(prefix - index * 8, 0), 8);
    return byte & ((0xff << (8 - bits)) & 0xff);
  });
}

function formatIpv4(bytes: readonly number[]): string {
  return bytes.join('.');
}

function formatIpv6(bytes: readonly number[]): string {
  const groups = Array.from({ length: 8 }, (_, index) => (bytes[index * 2] << 8) | bytes[index * 2 + 1]);
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
