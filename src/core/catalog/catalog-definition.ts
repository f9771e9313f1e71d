import type { ParameterSpec, ParameterValue } from '../parameters/parameter.types';

/** Protocols a catalog row may name; `tcp/udp` stands for one flow per protocol. */
export const FLOW_PROTOCOLS = ['tcp', 'udp', 'tcp/udp', 'ipip'] as const;
export type FlowProtocolSpec = (typeof FLOW_PROTOCOLS)[number];

/** Where a flow's ports come from. */
export type FlowPorts =
  | { readonly kind: 'none' }
  | { readonly kind: 'range'; readonly from: number; readonly to: number }
  | { readonly kind: 'parameter'; readonly name: string };

/**
 * What kind of endpoint a role is, which decides the direction of every rule a renderer
 * writes: `host` — machines we configure (master, worker, kcp: host firewalls, security
 * groups); `loadBalancer` — a balancer in front of hosts (it has addresses and may have
 * security groups, but no host firewall of ours); `external` — outside anything we
 * configure (the Internet, an intranet, a cloud API): flows to it are egress on the
 * source's side, and it is never the target of a rule, a security group or a tag.
 */
export const ROLE_KINDS = ['host', 'loadBalancer', 'external'] as const;
export type RoleKind = (typeof ROLE_KINDS)[number];

/** A document that does not say is a catalog of hosts (as every catalog was before kinds). */
export const DEFAULT_ROLE_KIND: RoleKind = 'host';

export interface RoleDefinition {
  readonly key: string;
  readonly name: string;
  readonly description: string;
  /** Keys of the roles this one stands for as well ("node" includes "master", "worker"). */
  readonly includes: readonly string[];
  readonly kind: RoleKind;
  /**
   * External roles only: the networks the role stands for when a profile gives it none
   * ("internet": 0.0.0.0/0 and ::/0). A profile's CIDRs for the role replace them.
   */
  readonly defaultCidrs: readonly string[];
}

export interface ParameterDefinition extends ParameterSpec {
  readonly description: string;
}

export interface FlowDefinition {
  readonly key: string;
  readonly source: string;
  readonly destination: string;
  readonly protocol: FlowProtocolSpec;
  readonly ports: FlowPorts;
  /** Condition source text; null when the flow always applies. */
  readonly condition: string | null;
  readonly component: string;
  readonly notes: string;
  readonly section: string;
}

/** One catalog version as plain data: what a document describes and what the database stores. */
export interface CatalogDefinition {
  readonly version: string;
  readonly title: string;
  readonly notes: string;
  readonly roles: readonly RoleDefinition[];
  readonly parameters: readonly ParameterDefinition[];
  readonly flows: readonly FlowDefinition[];
}

export type { ParameterValue };
