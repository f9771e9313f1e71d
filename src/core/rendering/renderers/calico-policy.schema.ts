/**
 * JSON Schema of the resources the Calico renderer writes: the fields it emits, with the
 * constraints Calico and Kubernetes put on them (names, label values, protocols, ports).
 * Narrower than Calico's own API on purpose: it checks this renderer's output, which the
 * tests validate every document against.
 */
const LABEL_VALUE = '[A-Za-z0-9](?:[-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?';
const DNS_LABEL = '[a-z0-9](?:[-a-z0-9]*[a-z0-9])?';
const ANNOTATION_KEY = `^(?:${DNS_LABEL}(?:\\.${DNS_LABEL})*/)?[A-Za-z0-9](?:[-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$`;

export const calicoPolicySchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'Calico GlobalNetworkPolicy as written by the calico renderer',
  type: 'object',
  additionalProperties: false,
  required: ['apiVersion', 'kind', 'metadata', 'spec'],
  properties: {
    apiVersion: { const: 'projectcalico.org/v3' },
    kind: { const: 'GlobalNetworkPolicy' },
    metadata: {
      type: 'object',
      additionalProperties: false,
      required: ['name'],
      properties: {
        // A DNS-1123 subdomain without dots: Calico reads a dot in a policy name as a tier prefix.
        name: { type: 'string', minLength: 1, maxLength: 253, pattern: `^${DNS_LABEL}$` },
        annotations: { $ref: '#/definitions/annotations' },
      },
    },
    spec: {
      type: 'object',
      additionalProperties: false,
      required: ['selector', 'types', 'ingress'],
      properties: {
        order: { type: 'number' },
        selector: { $ref: '#/definitions/selector' },
        types: { const: ['Ingress'] },
        applyOnForward: { const: false },
        preDNAT: { const: false },
        ingress: { type: 'array', minItems: 1, items: { $ref: '#/definitions/rule' } },
      },
    },
  },
  definitions: {
    annotations: {
      type: 'object',
      propertyNames: { pattern: ANNOTATION_KEY },
      additionalProperties: { type: 'string' },
    },
    selector: {
      type: 'string',
      pattern: `^kublr-role (?:== '${LABEL_VALUE}'|in \\{ '${LABEL_VALUE}'(?:, '${LABEL_VALUE}')* \\})$`,
    },
    rule: {
      type: 'object',
      additionalProperties: false,
      required: ['action', 'protocol', 'source', 'metadata'],
      properties: {
        action: { const: 'Allow' },
        protocol: { enum: ['TCP', 'UDP', 4] },
        source: {
          oneOf: [
            {
              type: 'object',
              additionalProperties: false,
              required: ['nets'],
              properties: {
                nets: { type: 'array', minItems: 1, items: { type: 'string', pattern: '^[0-9A-Fa-f:.]+/[0-9]{1,3}$' } },
              },
            },
            {
              type: 'object',
              additionalProperties: false,
              required: ['selector'],
              properties: { selector: { $ref: '#/definitions/selector' } },
            },
          ],
        },
        destination: {
          type: 'object',
          additionalProperties: false,
          required: ['ports'],
          properties: {
            ports: {
              type: 'array',
              minItems: 1,
              items: {
                oneOf: [
                  { type: 'integer', minimum: 1, maximum: 65535 },
                  { type: 'string', pattern: '^[0-9]{1,5}:[0-9]{1,5}$' },
                ],
              },
            },
          },
        },
        metadata: {
          type: 'object',
          additionalProperties: false,
          required: ['annotations'],
          properties: { annotations: { $ref: '#/definitions/annotations' } },
        },
      },
      // IP-in-IP (protocol 4) has no ports; TCP and UDP rules always name theirs.
      if: { properties: { protocol: { const: 4 } } },
      then: { properties: { destination: false } },
      else: { required: ['destination'], properties: { destination: { type: 'object' } } },
    },
  },
} as const;
