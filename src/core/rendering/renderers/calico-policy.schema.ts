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
      required: ['selector', 'types', 'applyOnForward', 'preDNAT'],
      properties: {
        order: { type: 'number' },
        selector: { $ref: '#/definitions/selector' },
        // A direction listed without rules would deny it all: a policy lists the ones it has rules for.
        types: { enum: [['Ingress'], ['Egress'], ['Ingress', 'Egress']] },
        applyOnForward: { type: 'boolean' },
        preDNAT: { type: 'boolean' },
        ingress: { type: 'array', minItems: 1, items: { $ref: '#/definitions/ingressRule' } },
        egress: { type: 'array', minItems: 1, items: { $ref: '#/definitions/egressRule' } },
      },
      allOf: [
        {
          if: { properties: { types: { type: 'array', contains: { const: 'Ingress' } } } },
          then: { required: ['ingress'], properties: { ingress: { type: 'array' } } },
          else: { properties: { ingress: false } },
        },
        {
          if: { properties: { types: { type: 'array', contains: { const: 'Egress' } } } },
          then: { required: ['egress'], properties: { egress: { type: 'array' } } },
          else: { properties: { egress: false } },
        },
        // Calico: a pre-DNAT policy has ingress rules only and must apply on forward.
        {
          if: { properties: { preDNAT: { const: true } } },
          then: { properties: { applyOnForward: { const: true }, types: { const: ['Ingress'] } } },
        },
      ],
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
    nets: {
      // One address family a rule: Calico refuses a rule mixing IPv4 and IPv6 ranges.
      oneOf: [
        { type: 'array', minItems: 1, items: { type: 'string', pattern: '^[0-9.]+/[0-9]{1,2}$' } },
        {
          type: 'array',
          minItems: 1,
          items: { type: 'string', pattern: '^[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*/[0-9]{1,3}$' },
        },
      ],
    },
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
    metadata: {
      type: 'object',
      additionalProperties: false,
      required: ['annotations'],
      properties: { annotations: { $ref: '#/definitions/annotations' } },
    },
    ingressRule: {
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
              properties: { nets: { $ref: '#/definitions/nets' } },
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
          properties: { ports: { $ref: '#/definitions/ports' } },
        },
        metadata: { $ref: '#/definitions/metadata' },
      },
      // IP-in-IP (protocol 4) has no ports; TCP and UDP rules always name theirs.
      if: { properties: { protocol: { const: 4 } } },
      then: { properties: { destination: false } },
      else: { required: ['destination'], properties: { destination: { type: 'object' } } },
    },
    egressRule: {
      type: 'object',
      additionalProperties: false,
      required: ['action', 'protocol', 'destination', 'metadata'],
      properties: {
        action: { const: 'Allow' },
        protocol: { enum: ['TCP', 'UDP', 4] },
        // Where packets go: ranges or a selector (exactly one), and the ports but for IP-in-IP.
        destination: {
          type: 'object',
          additionalProperties: false,
          properties: {
            nets: { $ref: '#/definitions/nets' },
            selector: { $ref: '#/definitions/selector' },
            ports: { $ref: '#/definitions/ports' },
          },
          oneOf: [
            { required: ['nets'], properties: { nets: { type: 'array' } } },
            { required: ['selector'], properties: { selector: { type: 'string' } } },
          ],
        },
        metadata: { $ref: '#/definitions/metadata' },
      },
      if: { properties: { protocol: { const: 4 } } },
      then: { properties: { destination: { type: 'object', properties: { ports: false } } } },
      else: {
        properties: { destination: { type: 'object', required: ['ports'], properties: { ports: { type: 'array' } } } },
      },
    },
  },
} as const;
