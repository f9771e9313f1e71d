import { applyDecorators } from '@nestjs/common';
import { ApiQuery } from '@nestjs/swagger';
import { INPUT_LIMITS } from '../../../core/input-limits';
import { MAX_MANAGEMENT_ENTRIES } from '../../profiles/management';

const ONLY = 'iptables, ip6tables and nftables only (400 for other formats). ';
const MODE = { type: 'string' as const, enum: ['allow', 'enforce'] };

/** The host firewall options of the artifact endpoints; lists are comma-separated (form style, not exploded). */
export function ApiHostFirewallQuery(): MethodDecorator {
  return applyDecorators(
    ApiQuery({
      name: 'host',
      required: false,
      description: `${ONLY}The rules of one host role that includes no other (not node); omitted: a section per host role`,
      schema: { type: 'string', maxLength: INPUT_LIMITS.roleId, example: 'master' },
    }),
    ApiQuery({
      name: 'mode',
      required: false,
      description:
        `${ONLY}allow (default): accept rules only, safe to load anywhere; enforce: a complete ruleset for the host ` +
        '(loopback, replies, the flows, management, then drop); needs host and managementCidrs',
      schema: { ...MODE, default: 'allow' },
    }),
    ApiQuery({
      name: 'egress',
      required: false,
      description: `${ONLY}With mode=enforce: enforce also drops output the flows do not allow; allow (default) does not`,
      schema: { ...MODE, default: 'allow' },
    }),
    ApiQuery({
      name: 'managementCidrs',
      required: false,
      style: 'form',
      explode: false,
      description: `${ONLY}Networks allowed to reach managementPorts in enforce mode, comma-separated; override the profile's`,
      schema: {
        type: 'array',
        maxItems: MAX_MANAGEMENT_ENTRIES,
        items: { type: 'string', maxLength: 64 },
        example: ['198.51.100.0/24'],
      },
    }),
    ApiQuery({
      name: 'managementPorts',
      required: false,
      style: 'form',
      explode: false,
      description: `${ONLY}TCP ports the management networks may reach, comma-separated; default 22, or the profile's`,
      schema: {
        type: 'array',
        maxItems: MAX_MANAGEMENT_ENTRIES,
        items: { type: 'integer', minimum: 1, maximum: 65535 },
        example: [22],
      },
    }),
  );
}
