import { INPUT_LIMITS } from '../input-limits';
import { ROLE_KINDS } from './catalog-definition';

/** Text on one line: no control characters. */
export const ONE_LINE = '^[^\\u0000-\\u001F\\u007F]*$';
/** Text that may run over lines: tabs and line breaks, no other control characters. */
export const TEXT = '^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F]*$';

/** JSON Schema of the catalog document (YAML or JSON), the contract's import/export format. */
export const catalogDocumentSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://kublr.example/schemas/catalog-document.json',
  title: 'Network requirements catalog document',
  description: 'One catalog version: its roles, parameters and flows. Written in YAML or JSON.',
  type: 'object',
  additionalProperties: false,
  required: ['version', 'roles', 'flows'],
  properties: {
    version: {
      type: 'string',
      minLength: 1,
      maxLength: INPUT_LIMITS.versionLabel,
      pattern: '^[A-Za-z0-9][A-Za-z0-9._+-]*$',
    },
    title: {
      type: 'string',
      maxLength: 200,
      pattern: ONE_LINE,
    },
    notes: {
      type: 'string',
      maxLength: 10000,
      pattern: TEXT,
    },
    roles: {
      type: 'array',
      maxItems: 500,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id'],
        properties: {
          id: {
            $ref: '#/definitions/roleId',
          },
          name: {
            type: 'string',
            maxLength: 200,
            pattern: ONE_LINE,
          },
          description: {
            type: 'string',
            maxLength: 2000,
            pattern: TEXT,
          },
          includes: {
            type: 'array',
            maxItems: 500,
            items: {
              $ref: '#/definitions/roleId',
            },
          },
          kind: {
            description:
              'host: machines the renderers configure (host firewalls, security groups); loadBalancer: a balancer in front of hosts; external: outside what we configure (the Internet, a cloud API): flows to it are egress rules on the source. Default host.',
            enum: [...ROLE_KINDS],
          },
          defaultCidrs: {
            description:
              'External roles only: the networks the role stands for when a profile gives it none, e.g. ["0.0.0.0/0", "::/0"] for the Internet.',
            type: 'array',
            maxItems: 100,
            items: {
              type: 'string',
              maxLength: 64,
              pattern: '^[0-9A-Fa-f.:]+(/[0-9]{1,3})?$',
            },
          },
        },
      },
    },
    parameters: {
      type: 'array',
      maxItems: 200,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'type'],
        properties: {
          name: {
            type: 'string',
            minLength: 1,
            maxLength: INPUT_LIMITS.parameterName,
          },
          type: {
            enum: ['enum', 'boolean', 'portRange', 'string', 'number'],
          },
          values: {
            type: 'array',
            maxItems: 200,
            items: {
              type: 'string',
              minLength: 1,
              maxLength: 200,
              pattern: ONE_LINE,
            },
          },
          default: {
            type: ['string', 'boolean', 'number'],
          },
          description: {
            type: 'string',
            maxLength: 2000,
            pattern: TEXT,
          },
        },
      },
    },
    flows: {
      type: 'array',
      maxItems: 5000,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['source', 'destination', 'protocol'],
        properties: {
          key: {
            type: 'string',
            minLength: 1,
            maxLength: INPUT_LIMITS.flowKey,
            pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$',
          },
          source: {
            $ref: '#/definitions/roleId',
          },
          destination: {
            $ref: '#/definitions/roleId',
          },
          protocol: {
            enum: ['tcp', 'udp', 'tcp/udp', 'ipip'],
          },
          ports: {
            type: ['string', 'integer'],
          },
          condition: {
            type: 'string',
            maxLength: 2000,
            pattern: TEXT,
          },
          component: {
            type: 'string',
            maxLength: 200,
            pattern: ONE_LINE,
          },
          notes: {
            type: 'string',
            maxLength: 2000,
            pattern: TEXT,
          },
          section: {
            type: 'string',
            maxLength: 200,
            pattern: ONE_LINE,
          },
        },
      },
    },
  },
  definitions: {
    roleId: {
      type: 'string',
      minLength: 1,
      maxLength: INPUT_LIMITS.roleId,
      pattern: '^[a-z0-9][a-z0-9._-]*$',
    },
  },
} as const;
