import { ValidationFailedError } from '../../common/errors/domain-error';
import { InvalidCidrError, normalizeCidr } from './cidr';

/*
 * The management allowance of an enforcing host firewall (the networks that may reach
 * SSH), checked the same way whether a profile stores it (`management.cidrs`) or an
 * artifact question gives it (`managementCidrs`): only the field named differs.
 */

/** The most management networks, and ports, one profile or question may name. */
export const MAX_MANAGEMENT_ENTRIES = 32;

/** Canonical, deduplicated networks; VALIDATION_FAILED naming `field` and the bad network. */
export function checkManagementCidrs(list: readonly string[], field: string): string[] {
  checkCount(list, field);
  const cidrs = list.map((cidr) => {
    try {
      return normalizeCidr(cidr);
    } catch (error) {
      if (error instanceof InvalidCidrError)
        throw new ValidationFailedError(field, `${field}: ${error.message}`, { cidr });
      throw error;
    }
  });
  return [...new Set(cidrs)];
}

/** Whole numbers 1-65535, deduplicated; VALIDATION_FAILED naming `field`. */
export function checkManagementPorts(list: readonly number[], field: string): number[] {
  checkCount(list, field);
  const bad = list.find((port) => !Number.isInteger(port) || port < 1 || port > 65535);
  if (bad !== undefined) {
    throw new ValidationFailedError(field, `${field} must be whole numbers between 1 and 65535 (got ${String(bad)})`);
  }
  return [...new Set(list)];
}

function checkCount(list: readonly unknown[], field: string): void {
  if (list.length > MAX_MANAGEMENT_ENTRIES) {
    throw new ValidationFailedError(
      field,
      `${field} has ${list.length} entries; at most ${MAX_MANAGEMENT_ENTRIES} are allowed`,
    );
  }
}
