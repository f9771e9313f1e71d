import { describe, expect, it } from 'vitest';
import { differences, portsOf, type ShownFlow } from '../../web/src/views/flow-changes';

const kubelet: ShownFlow = {
  source: 'node',
  destination: 'node',
  protocol: 'tcp',
  fromPort: 10250,
  toPort: 10250,
  component: 'Kubelet API',
  notes: '',
};

describe('the upgrade view: how a changed flow reads', () => {
  it('writes ports as one port, a range, or a dash for a protocol without ports', () => {
    expect(portsOf(kubelet)).toBe('10250');
    expect(portsOf({ fromPort: 30000, toPort: 32767 })).toBe('30000-32767');
    expect(portsOf({ fromPort: null, toPort: null })).toBe('—');
  });

  it('lists only the fields that differ, before and after, in table order', () => {
    const after = { ...kubelet, toPort: 10255, notes: 'read-only port too', destination: 'master' };
    expect(differences(kubelet, after)).toEqual([
      { field: 'destination', was: 'node', now: 'master' },
      { field: 'ports', was: '10250', now: '10250-10255' },
      { field: 'notes', was: '—', now: 'read-only port too' },
    ]);
  });

  it('finds no difference between a flow and itself', () => {
    expect(differences(kubelet, { ...kubelet })).toEqual([]);
  });
});
