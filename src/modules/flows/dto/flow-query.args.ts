import { ValidationFailedError } from '../../../common/errors/domain-error';
import { checkParamLimits } from '../../../common/validation/limited-length';
import { INPUT_LIMITS, tooLongMessage, type InputLimit } from '../../../core/input-limits';
import type { ResolvedProtocol } from '../../../core/flows';

/**
 * A REST query string of a flow question. Catalog parameters travel as query parameters
 * of their own name (`?cni=calico&airGap=true`), so which names are allowed depends on the
 * catalog version: the named options below are taken out and everything else is handed
 * on as parameter values, checked against the version by the service.
 */
export interface FlowQueryArgs {
  readonly options: Readonly<Record<string, string | undefined>>;
  readonly params: Readonly<Record<string, string>>;
}

/** The limit of each option; parameters take INPUT_LIMITS.parameterName and parameterValue. */
const OPTION_LIMITS: Readonly<Record<string, InputLimit>> = {
  from: 'roleId',
  to: 'roleId',
  profile: 'profileName',
  since: 'versionLabel',
  host: 'roleId',
  managementCidrs: 'cidrList',
};

export function readFlowQuery(raw: unknown, optionNames: readonly string[]): FlowQueryArgs {
  const options: Record<string, string | undefined> = {};
  const params: Record<string, string> = {};
  for (const [name, value] of Object.entries((raw ?? {}) as Record<string, unknown>)) {
    if (Array.isArray(value)) {
      throw invalid(name, `query parameter "${name}" is given more than once`);
    }
    const text = String(value);
    if (hasControlCharacters(text) || hasControlCharacters(name)) {
      throw invalid(printable(name), `query parameter "${printable(name)}" contains control characters`);
    }
    if (optionNames.includes(name)) {
      const max = INPUT_LIMITS[OPTION_LIMITS[name] ?? 'parameterValue'];
      if (text.length > max) throw invalid(name, tooLongMessage(name, max));
      options[name] = text === '' ? undefined : text;
    } else {
      params[name] = text;
    }
  }
  // The same limits, message and code as GraphQL's params argument.
  checkParamLimits(params);
  return { options, params };
}

export function readPort(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d{1,5}$/.test(text) || Number(text) < 1 || Number(text) > 65535) {
    throw invalid('port', `port must be a whole number between 1 and 65535 (got "${printable(text)}")`);
  }
  return Number(text);
}

export function readProtocol(text: string | undefined): ResolvedProtocol | undefined {
  if (text === undefined) return undefined;
  if (text !== 'tcp' && text !== 'udp' && text !== 'ipip') {
    throw invalid('protocol', `protocol must be tcp, udp or ipip (got "${printable(text)}")`);
  }
  return text;
}

export function requireOption(options: FlowQueryArgs['options'], name: string): string {
  const value = options[name];
  if (value === undefined) throw invalid(name, `query parameter "${name}" is required`);
  return value;
}

/** A query parameter with a wrong value: VALIDATION_FAILED naming it, as over GraphQL. */
function invalid(field: string, message: string): ValidationFailedError {
  return new ValidationFailedError(field, message);
}

// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

function hasControlCharacters(text: string): boolean {
  return CONTROL_CHARACTERS.test(text);
}

function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f]/g, '?').slice(0, 60);
}
