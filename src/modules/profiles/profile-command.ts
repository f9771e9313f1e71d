import { INPUT_LIMITS } from '../../core/input-limits';
import { ValidationFailedError } from '../../common/errors/domain-error';
import type { CatalogDefinition } from '../../core/catalog/catalog-definition';
import { LATEST } from '../../core/catalog/version-label';
import { coerceParameterValue, ParameterError } from '../../core/parameters/parameter-values';
import type { ParameterValue } from '../../core/parameters/parameter.types';
import { InvalidCidrError, normalizeCidr } from './cidr';
import { checkManagementCidrs, checkManagementPorts } from './management';
import type { ProfileInput } from './dto/profile.input';

/** Where one role lives in a profile's cluster. */
export interface AddressSet {
  cidrs: string[];
  securityGroupIds: string[];
  tags: string[];
}

/** A profile write as either transport gave it, before it is checked against a catalog version. */
export interface ProfileCommand {
  readonly name: string;
  readonly description: string;
  /** A version label, or "latest". */
  readonly version: string;
  readonly params: ReadonlyArray<{ readonly name: string; readonly value: unknown }>;
  readonly addresses: ReadonlyArray<{ readonly role: string; readonly lists: Readonly<Record<AddressList, unknown>> }>;
  readonly management: { readonly cidrs: unknown; readonly ports: unknown } | null;
}

/** The networks an enforcing host firewall lets reach the management ports; ports empty: 22. */
export interface Management {
  readonly cidrs: string[];
  readonly ports: number[];
}

/** A profile write checked against its catalog version: coerced values, canonical CIDRs. */
export interface CheckedProfile {
  readonly name: string;
  readonly description: string;
  readonly params: Record<string, ParameterValue>;
  readonly addresses: Record<string, AddressSet>;
  /** Null: not given. */
  readonly management: Management | null;
}

export const PROFILE_NAME_PATTERN = new RegExp(`^[A-Za-z0-9][A-Za-z0-9._-]{0,${INPUT_LIMITS.profileName - 1}}$`);
export const MAX_CIDRS_PER_ROLE = 1000;
export const MAX_LABELS_PER_ROLE = 100;
export const MAX_LABEL_LENGTH = 255;

type AddressList = keyof AddressSet;
const ADDRESS_LISTS: readonly AddressList[] = ['cidrs', 'securityGroupIds', 'tags'];
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/;

export function assertProfileName(name: string): void {
  if (!PROFILE_NAME_PATTERN.test(name)) {
    throw invalid(
      'name',
      `profile name ${quote(name)} is not valid: use 1-${INPUT_LIMITS.profileName} letters, digits, ".", "_" and "-", starting with a letter or digit`,
      { profile: name },
    );
  }
}

/**
 * One command from either form of the input: REST's objects keyed by parameter name and by
 * role (a role's value a list of CIDRs or `{cidrs, securityGroupIds, tags}`), or GraphQL's
 * lists of `{name, value}` and `{role, cidrs, securityGroupIds, tags}`.
 */
export function toProfileCommand(name: string, input: ProfileInput): ProfileCommand {
  assertProfileName(name);
  return {
    name,
    description: input.description ?? '',
    version: input.version ?? LATEST,
    params: paramEntries(input.params),
    addresses: addressEntries(input.addresses),
    management: managementEntry(input.management),
  };
}

/** Checks every value of the command against the catalog version the profile will follow. */
export function checkProfileCommand(command: ProfileCommand, catalog: CatalogDefinition): CheckedProfile {
  const specs = new Map(catalog.parameters.map((spec) => [spec.name, spec]));
  const params: Record<string, ParameterValue> = {};
  for (const { name, value } of command.params) {
    const spec = specs.get(name);
    if (!spec) {
      throw invalid(
        name,
        `unknown parameter ${quote(name)}; catalog version ${catalog.version} has ${[...specs.keys()].join(', ')}`,
        { parameter: name },
      );
    }
    try {
      params[name] = coerceParameterValue(spec, value);
    } catch (error) {
      if (error instanceof ParameterError)
        throw invalid(error.parameter, error.message, { parameter: error.parameter });
      throw error;
    }
  }
  const roles = new Set(catalog.roles.map((role) => role.key));
  const addresses: Record<string, AddressSet> = {};
  for (const { role, lists } of command.addresses) {
    if (!roles.has(role)) {
      throw invalid(
        `addresses.${role}`,
        `unknown role ${quote(role)} in addresses; catalog version ${catalog.version} has ${[...roles].join(', ')}`,
        { role },
      );
    }
    addresses[role] = {
      cidrs: checkList(role, 'cidrs', lists.cidrs, MAX_CIDRS_PER_ROLE, checkCidr),
      securityGroupIds: checkList(role, 'securityGroupIds', lists.securityGroupIds, MAX_LABELS_PER_ROLE, checkLabel),
      tags: checkList(role, 'tags', lists.tags, MAX_LABELS_PER_ROLE, checkLabel),
    };
  }
  return {
    name: command.name,
    description: command.description,
    params,
    addresses,
    management: checkManagement(command.management),
  };
}

function managementEntry(management: ProfileInput['management']): ProfileCommand['management'] {
  if (management === undefined || management === null) return null;
  if (!isPlainObject(management)) throw invalid('management', 'management must be an object with cidrs and ports');
  const unknownField = Object.keys(management).find((key) => key !== 'cidrs' && key !== 'ports');
  if (unknownField !== undefined) {
    throw invalid('management', `management has unknown field ${quote(unknownField)}; use cidrs and ports`);
  }
  return { cidrs: management.cidrs ?? [], ports: management.ports ?? [] };
}

/** Canonical networks and ports 1-65535, duplicates dropped; null when neither is given. */
function checkManagement(management: ProfileCommand['management']): Management | null {
  if (management === null) return null;
  const { cidrs, ports } = management;
  if (!Array.isArray(cidrs) || cidrs.some((item) => typeof item !== 'string')) {
    throw invalid('management.cidrs', 'management.cidrs must be a list of strings');
  }
  if (!Array.isArray(ports) || ports.some((port) => !Number.isInteger(port) || port < 1 || port > 65535)) {
    throw invalid('management.ports', 'management.ports must be a list of whole numbers between 1 and 65535');
  }
  const checked = {
    cidrs: checkManagementCidrs(cidrs as string[], 'management.cidrs'),
    ports: checkManagementPorts(ports as number[], 'management.ports'),
  };
  return checked.cidrs.length === 0 && checked.ports.length === 0 ? null : checked;
}

function paramEntries(params: ProfileInput['params']): ProfileCommand['params'] {
  if (params === undefined || params === null) return [];
  const entries = Array.isArray(params)
    ? params.map((entry, index) => {
        if (!isPlainObject(entry) || typeof entry.name !== 'string' || !('value' in entry)) {
          throw invalid(`params[${index}]`, `params[${index}] must be an object with a name and a value`);
        }
        return { name: entry.name, value: entry.value };
      })
    : Object.entries(params).map(([name, value]) => ({ name, value }));
  const seen = new Set<string>();
  for (const { name } of entries) {
    if (seen.has(name)) throw invalid(name, `parameter ${quote(name)} is given more than once`, { parameter: name });
    seen.add(name);
  }
  return entries;
}

function addressEntries(addresses: ProfileInput['addresses']): ProfileCommand['addresses'] {
  if (addresses === undefined || addresses === null) return [];
  const entries = Array.isArray(addresses)
    ? addresses.map((entry, index) => {
        if (!isPlainObject(entry) || typeof entry.role !== 'string') {
          throw invalid(`addresses[${index}]`, `addresses[${index}] must be an object with a role`);
        }
        const { role, ...lists } = entry;
        return { role, lists: addressLists(`addresses[${index}]`, lists) };
      })
    : Object.entries(addresses).map(([role, value]) => ({
        role,
        lists: Array.isArray(value)
          ? { cidrs: value, securityGroupIds: [], tags: [] }
          : addressLists(`addresses.${role}`, value),
      }));
  const seen = new Set<string>();
  for (const { role } of entries) {
    if (seen.has(role))
      throw invalid(`addresses.${role}`, `role ${quote(role)} is given more than once in addresses`, { role });
    seen.add(role);
  }
  return entries;
}

function addressLists(path: string, value: unknown): Record<AddressList, unknown> {
  if (!isPlainObject(value)) {
    throw invalid(path, `${path} must be a list of CIDRs or an object with cidrs, securityGroupIds and tags`);
  }
  const unknownField = Object.keys(value).find((key) => !(ADDRESS_LISTS as readonly string[]).includes(key));
  if (unknownField !== undefined) {
    throw invalid(path, `${path} has unknown field ${quote(unknownField)}; use cidrs, securityGroupIds and tags`);
  }
  return { cidrs: value.cidrs ?? [], securityGroupIds: value.securityGroupIds ?? [], tags: value.tags ?? [] };
}

/** Each item checked and canonical, duplicates dropped (first one kept). */
function checkList(
  role: string,
  list: AddressList,
  value: unknown,
  max: number,
  check: (item: string, path: string) => string,
): string[] {
  const path = `addresses.${role}.${list}`;
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
    throw invalid(path, `${path} must be a list of strings`, { role });
  }
  if (value.length > max)
    throw invalid(path, `${path} has ${value.length} entries; at most ${max} are allowed`, { role });
  return [...new Set(value.map((item: string) => check(item, path)))];
}

function checkCidr(text: string, path: string): string {
  try {
    return normalizeCidr(text);
  } catch (error) {
    if (error instanceof InvalidCidrError) throw invalid(path, `${path}: ${error.message}`, { cidr: text });
    throw error;
  }
}

function checkLabel(text: string, path: string): string {
  const problem =
    text.length === 0
      ? 'must not be empty'
      : text.length > MAX_LABEL_LENGTH
        ? `is longer than ${MAX_LABEL_LENGTH} characters`
        : CONTROL_CHARACTERS.test(text)
          ? 'contains a control character'
          : undefined;
  if (problem) throw invalid(path, `${path}: ${quote(text)} ${problem}`);
  return text;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** VALIDATION_FAILED naming the field: a path into the input, or a catalog parameter's name. */
function invalid(field: string, message: string, details?: Record<string, unknown>): ValidationFailedError {
  return new ValidationFailedError(field, message, details);
}

function quote(text: string): string {
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}...` : text);
}
