import { ArgsType, Field, Int, registerEnumType } from '@nestjs/graphql';
import { ArrayMaxSize, IsEnum, IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { ValidationFailedError } from '../../../common/errors/domain-error';
import { LimitedLength } from '../../../common/validation/limited-length';
import type { FirewallMode } from '../../../core/rendering/render-input';
import { checkManagementCidrs, checkManagementPorts, MAX_MANAGEMENT_ENTRIES } from '../../profiles/management';
import type { FlowQueryArgs } from '../../flows/dto/flow-query.args';
import { FlowArgs } from '../../flows/dto/flow.args';

export enum FirewallModeValue {
  allow = 'allow',
  enforce = 'enforce',
}
registerEnumType(FirewallModeValue, {
  name: 'FirewallMode',
  description: 'allow: accept rules only, safe to load anywhere; enforce: a complete ruleset that drops the rest',
  valuesMap: {
    allow: { description: 'Only accepts; never drops' },
    enforce: { description: 'Loopback, replies, the flows, management, then drop' },
  },
});

/**
 * The host firewall options of an artifact question, as either transport gives them, each
 * checked on its own (CIDRs normalised, ports in range). Whether they fit the format and
 * the catalog's roles is the rendering service's question; null: not given.
 */
export interface HostFirewallOptions {
  readonly host: string | null;
  readonly mode: FirewallMode | null;
  readonly egress: FirewallMode | null;
  readonly managementCidrs: readonly string[] | null;
  readonly managementPorts: readonly number[] | null;
}

/** The REST query options that are host firewall options. */
export const HOST_FIREWALL_OPTIONS = ['host', 'mode', 'egress', 'managementCidrs', 'managementPorts'] as const;

/** GraphQL: a flow question with the host firewall options, which `artifact` takes. */
@ArgsType()
export class HostFirewallArgs extends FlowArgs {
  @Field(() => String, {
    nullable: true,
    description:
      'iptables, ip6tables, nftables: the rules of one host role that includes no other (e.g. "master"); ' +
      'omitted: a section per host role',
  })
  @IsOptional()
  @IsString()
  @LimitedLength('roleId')
  host?: string | null;

  @Field(() => FirewallModeValue, {
    nullable: true,
    description: 'allow (default) or enforce (needs host and managementCidrs)',
  })
  @IsOptional()
  @IsEnum(FirewallModeValue)
  mode?: FirewallModeValue | null;

  @Field(() => FirewallModeValue, {
    nullable: true,
    description: 'With mode enforce: enforce drops output the flows do not allow; allow (default) drops no output',
  })
  @IsOptional()
  @IsEnum(FirewallModeValue)
  egress?: FirewallModeValue | null;

  @Field(() => [String], {
    nullable: true,
    description: "Networks allowed to reach managementPorts in enforce mode; override the profile's",
  })
  @IsOptional()
  @ArrayMaxSize(MAX_MANAGEMENT_ENTRIES)
  @IsString({ each: true })
  managementCidrs?: string[] | null;

  @Field(() => [Int], {
    nullable: true,
    description: "TCP ports the management networks may reach; default [22], or the profile's",
  })
  @IsOptional()
  @ArrayMaxSize(MAX_MANAGEMENT_ENTRIES)
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(65535, { each: true })
  managementPorts?: number[] | null;
}

export function hostFirewallOptionsOf(args: HostFirewallArgs): HostFirewallOptions {
  return {
    host: args.host ?? null,
    mode: args.mode ?? null,
    egress: args.egress ?? null,
    managementCidrs:
      args.managementCidrs === null || args.managementCidrs === undefined
        ? null
        : checkManagementCidrs(args.managementCidrs, 'managementCidrs'),
    managementPorts:
      args.managementPorts === null || args.managementPorts === undefined
        ? null
        : checkManagementPorts(args.managementPorts, 'managementPorts'),
  };
}

/** REST: the options readFlowQuery took out, as text; lists are comma-separated. */
export function readHostFirewallQuery(options: FlowQueryArgs['options']): HostFirewallOptions {
  return {
    host: options.host ?? null,
    mode: readMode('mode', options.mode),
    egress: readMode('egress', options.egress),
    managementCidrs:
      options.managementCidrs === undefined
        ? null
        : checkManagementCidrs(
            options.managementCidrs.split(',').map((cidr) => cidr.trim()),
            'managementCidrs',
          ),
    managementPorts: options.managementPorts === undefined ? null : readPorts(options.managementPorts),
  };
}

function readMode(field: string, text: string | undefined): FirewallMode | null {
  if (text === undefined) return null;
  if (text !== 'allow' && text !== 'enforce') {
    throw new ValidationFailedError(field, `${field} must be allow or enforce (got "${text.slice(0, 60)}")`);
  }
  return text;
}

/** Comma-separated ports as the query gives them, then checked as a profile's are. */
function readPorts(text: string): number[] {
  const parts = text.split(',').map((part) => part.trim());
  const bad = parts.find((part) => !/^\d{1,5}$/.test(part));
  if (bad !== undefined) {
    throw new ValidationFailedError(
      'managementPorts',
      `managementPorts must be whole numbers between 1 and 65535 (got "${bad.slice(0, 60)}")`,
    );
  }
  return checkManagementPorts(parts.map(Number), 'managementPorts');
}
