/** A flow as the upgrade view shows it (the fields a diff's flows are asked for). */
export interface ShownFlow {
  readonly source: string;
  readonly destination: string;
  readonly protocol: string;
  readonly fromPort?: number | null;
  readonly toPort?: number | null;
  readonly component: string;
  readonly notes: string;
}

/** One field of a changed flow: how it was, how it is. */
export interface FieldChange {
  readonly field: string;
  readonly was: string;
  readonly now: string;
}

/** "10250", "30000-32767", or "—" for a protocol without ports. */
export function portsOf(flow: Pick<ShownFlow, 'fromPort' | 'toPort'>): string {
  if (flow.fromPort === null || flow.fromPort === undefined) return '—';
  return flow.toPort === null || flow.toPort === undefined || flow.toPort === flow.fromPort
    ? String(flow.fromPort)
    : `${flow.fromPort}-${flow.toPort}`;
}

/**
 * The fields of a changed flow that differ, in table order, as people read them: the ports
 * as one range (a change of either end is one change), empty notes as "—".
 */
export function differences(before: ShownFlow, after: ShownFlow): FieldChange[] {
  const was = shown(before);
  const now = shown(after);
  return (Object.keys(was) as Array<keyof typeof was>)
    .filter((field) => was[field] !== now[field])
    .map((field) => ({ field, was: was[field], now: now[field] }));
}

function shown(flow: ShownFlow) {
  return {
    source: flow.source,
    destination: flow.destination,
    protocol: flow.protocol,
    ports: portsOf(flow),
    component: flow.component,
    notes: flow.notes || '—',
  };
}
