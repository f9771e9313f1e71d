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
      maxLength: 64,
      pattern: '^[A-Za-z0-9][A-Za-z0-9._+-]*$',
    },
    title: {
      type: 'string',
      maxLength: 200,
    },
    notes: {
      type: 'string',
      maxLength: 10000,
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
          },
          description: {
            type: 'string',
            maxLength: 2000,
          },
          includes: {
            type: 'array',
            maxItems: 500,
            items: {
              $ref: '#/definitions/roleId',
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
            maxLength: 64,
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
            },
          },
          default: {
            type: ['string', 'boolean', 'number'],
          },
          description: {
            type: 'string',
            maxLength: 2000,
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
            maxLength: 128,
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
          },
          component: {
            type: 'string',
            maxLength: 200,
          },
          notes: {
            type: 'string',
            maxLength: 2000,
          },
          section: {
            type: 'string',
            maxLength: 200,
          },
        },
      },
    },
  },
  definitions: {
    roleId: {
      type: 'string',
      minLength: 1,
      maxLength: 64,
      pattern: '^[a-z0-9][a-z0-9._-]*$',
    },
  },
} as const;
