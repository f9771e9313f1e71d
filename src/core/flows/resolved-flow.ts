/** Protocols of resolved flows: a catalog's `tcp/udp` row becomes one flow of each. */
export type ResolvedProtocol = 'tcp' | 'udp' | 'ipip';

/** IANA protocol numbers. IP-in-IP is 4 (the name `ipip` in /etc/protocols is 94). */
export const IP_PROTOCOL_NUMBERS: Readonly<Record<ResolvedProtocol, number>> = { tcp: 6, udp: 17, ipip: 4 };

/** One required connection under a given set of parameter values: what renderers receive. */
export interface ResolvedFlow {
  /** Stable across versions: the row's key, with "/tcp" or "/udp" for a tcp/udp row; merged flows join theirs with "+". */
  readonly key: string;
  /** Role ids as written in the catalog (a `node` flow stays `node`). */
  readonly source: string;
  readonly destination: string;
  readonly protocol: ResolvedProtocol;
  readonly ipProtocolNumber: number;
  /** Equal for a single port; both null for protocols without ports. */
  readonly fromPort: number | null;
  readonly toPort: number | null;
  readonly component: string;
  readonly notes: string;
  /** Sections of the source document the flow comes from. */
  readonly sections: readonly string[];
  /** Keys of the catalog rows behind the flow (several when identical flows were merged). */
  readonly rows: readonly string[];
}

/** The identity two flows must share to be merged: same roles, protocol and ports. */
export function flowIdentity(
  flow: Pick<ResolvedFlow, 'source' | 'destination' | 'protocol' | 'fromPort' | 'toPort'>,
): string {
  return `${flow.source}\u0000${flow.destination}\u0000${flow.protocol}\u0000${flow.fromPort ?? ''}\u0000${flow.toPort ?? ''}`;
}

/** Total order on flows that depends on their content only, never on catalog order. */
export function compareFlows(a: ResolvedFlow, b: ResolvedFlow): number {
  return (
    compareText(a.source, b.source) ||
    compareText(a.destination, b.destination) ||
    compareText(a.protocol, b.protocol) ||
    (a.fromPort ?? -1) - (b.fromPort ?? -1) ||
    (a.toPort ?? -1) - (b.toPort ?? -1) ||
    compareText(a.key, b.key)
  );
}

export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** "tcp/443", "udp/30000-32767", "ipip". */
export function describePorts(flow: Pick<ResolvedFlow, 'protocol' | 'fromPort' | 'toPort'>): string {
  if (flow.fromPort === null || flow.toPort === null) return flow.protocol;
  return `${flow.protocol}/${flow.fromPort === flow.toPort ? flow.fromPort : `${flow.fromPort}-${flow.toPort}`}`;
}
