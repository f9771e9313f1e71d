import { describe, expect, it } from 'vitest';
import { describeFlowPorts, describeMatch, oneLine, truncateUtf8 } from './text';
import type { ResolvedFlow } from '../../flows/resolved-flow';

describe('oneLine', () => {
  it('turns every run of C0, DEL, C1 and line-separator characters into one space', () => {
    expect(oneLine('a\r\nb\u0085c\u2028d\u2029e\u009bf\u007fg\u0000\u001fh')).toBe('a b c d e f g h');
  });

  it('replaces lone surrogates (not encodable as UTF-8) and keeps pairs', () => {
    expect(oneLine('x\ud800y\udc00z')).toBe('x\ufffdy\ufffdz');
    expect(oneLine('ok \ud83d\ude00')).toBe('ok \ud83d\ude00');
    expect(Buffer.from(oneLine('\udfff'), 'utf8').toString('utf8')).toBe('\ufffd');
  });
});

describe('port descriptions', () => {
  const flow = (protocol: ResolvedFlow['protocol'], from: number | null, to: number | null): ResolvedFlow => ({
    key: 'k',
    source: 'a',
    destination: 'b',
    protocol,
    ipProtocolNumber: protocol === 'ipip' ? 4 : protocol === 'tcp' ? 6 : 17,
    fromPort: from,
    toPort: to,
    component: '',
    notes: '',
    sections: [],
    rows: ['k'],
  });

  it('describes single ports, ranges and IP-in-IP', () => {
    expect(describeMatch(flow('tcp', 443, 443))).toBe('tcp/443');
    expect(describeMatch(flow('udp', 30000, 32767))).toBe('udp/30000-32767');
    expect(describeMatch(flow('ipip', null, null))).toBe('ipip (IP protocol 4)');
    expect(describeFlowPorts(flow('udp', 30000, 32767))).toBe('udp 30000-32767');
  });
});

describe('truncateUtf8', () => {
  it('never cuts a character in two', () => {
    expect(truncateUtf8('aé€', 4)).toBe('aé');
    expect(Buffer.byteLength(truncateUtf8('€'.repeat(100), 255))).toBe(255);
  });
});
