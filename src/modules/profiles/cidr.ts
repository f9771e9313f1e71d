import { formatIpAddress, maskAddress, readIpAddress } from '../../core/network/ip-network';

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
  const parsed = readIpAddress(address);
  if (parsed === null) throw new InvalidCidrError(text, `"${address}" is not an IPv4 or IPv6 address`);
  const { family, value } = parsed;
  const maxPrefix = family === 4 ? 32 : 128;
  if (prefixText !== undefined && !PREFIX_PATTERN.test(prefixText)) {
    throw new InvalidCidrError(text, `the prefix length must be a whole number from 0 to ${maxPrefix}`);
  }
  const prefix = prefixText === undefined ? maxPrefix : Number(prefixText);
  if (prefix > maxPrefix) {
    throw new InvalidCidrError(text, `the prefix length of an IPv${family} network is at most ${maxPrefix}`);
  }
  const network = maskAddress(value, prefix, family);
  if (network !== value) {
    throw new InvalidCidrError(
      text,
      `host bits are set; the network is "${formatIpAddress(network, family)}/${prefix}"`,
    );
  }
  return `${formatIpAddress(value, family)}/${prefix}`;
}
