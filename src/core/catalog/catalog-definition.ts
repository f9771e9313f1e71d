import type { ParameterSpec, ParameterValue } from '../parameters/parameter.types';

/** Protocols a catalog row may name; `tcp/udp` stands for one flow per protocol. */
export const FLOW_PROTOCOLS = ['tcp', 'udp', 'tcp/udp', 'ipip'] as const;
export type FlowProtocolSpec = (typeof FLOW_PROTOCOLS)[number];

/** Where a flow's ports come from. */
export type FlowPorts =
  | { readonly kind: 'none' }
  | { readonly kind: 'range'; readonly from: number; readonly to: number }
  | { readonly kind: 'parameter'; readonly name: string };

export interface RoleDefinition {
  readonly key: string;
  readonly name: string;
  readonly description: string;
  /** Keys of the roles this one stands for as well ("node" includes "master", "worker"). */
  readonly includes: readonly string[];
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
