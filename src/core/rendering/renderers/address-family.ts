/** IPv4 or IPv6, for platforms that take the ranges of one family in a rule. */
export type AddressFamily = 'ipv4' | 'ipv6';

/** The family of a CIDR: IPv6 addresses are the ones with a colon. */
export const familyOf = (cidr: string): AddressFamily => (cidr.includes(':') ? 'ipv6' : 'ipv4');

/**
 * The address families of address ranges, in a fixed order (IPv4 first). AWS takes one range
 * a rule anyway; GCP, Azure and Calico refuse a rule whose ranges mix IPv4 and IPv6, so they
 * write one rule per family of the ranges it would hold.
 */
export function familiesOf(cidrs: readonly string[]): AddressFamily[] {
  return (['ipv4', 'ipv6'] as const).filter((family) => cidrs.some((cidr) => familyOf(cidr) === family));
}
