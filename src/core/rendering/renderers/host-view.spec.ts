import { describe, expect, it } from 'vitest';
import { kublrCatalog, renderInputFor } from '../fixtures/render-fixtures';
import { ALLOW_EVERY_HOST, type HostFirewall } from '../render-input';
import { hostFirewallProblem, hostView, leafHostRoles, viewedHosts } from './host-view';

const input = renderInputFor(kublrCatalog(), { cni: 'calico', masterLoadBalancer: true, byoInfrastructure: true });
const firewall = (options: Partial<HostFirewall>): HostFirewall => ({ ...ALLOW_EVERY_HOST, ...options });
const keys = (rules: readonly { flow: { key: string } }[]) => rules.map((rule) => rule.flow.key);

describe('host view', () => {
  it('has a section for each host role that includes no other: master, worker, kcp (not node)', () => {
    expect(leafHostRoles(input.roles).map((role) => role.key)).toEqual(['master', 'worker', 'kcp']);
    expect(viewedHosts(input)).toEqual(['master', 'worker', 'kcp']);
    expect(viewedHosts({ ...input, firewall: firewall({ host: 'kcp' }) })).toEqual(['kcp']);
  });

  it('makes a flow input on the hosts of its destination and output on those of its source, node flows both', () => {
    const master = hostView(input, 'master', input.flows);
    const worker = hostView(input, 'worker', input.flows);
    expect(keys(master.input)).toEqual(
      expect.arrayContaining(['kubelet-api', 'etcd-peer', 'worker-master-kubernetes-api']),
    );
    expect(keys(master.output)).toEqual(expect.arrayContaining(['kubelet-api', 'etcd-peer', 'node-internet-https']));
    expect(keys(worker.output)).toContain('worker-master-kubernetes-api');
    expect(keys(worker.input)).not.toContain('worker-master-kubernetes-api');
    expect(master.input.find((rule) => rule.flow.key === 'kubelet-api')?.peer).toBe('node');
  });

  it('never makes a flow to a balancer or an outside role an input rule, and its peer is never the host', () => {
    for (const host of viewedHosts(input)) {
      const view = hostView(input, host, input.flows);
      for (const rule of view.input) {
        expect(input.roles.find((role) => role.key === rule.flow.destination)?.kind).toBe('host');
      }
      for (const rule of view.output) expect(rule.peer).toBe(rule.flow.destination);
    }
    const kcp = hostView(input, 'kcp', input.flows);
    expect(keys(kcp.output)).toContain('kcp-cloud-api');
    expect(keys(hostView(input, 'master', input.flows).input)).toContain('master-lb-master-kubernetes-api');
  });
});

describe('host firewall options', () => {
  const problem = (options: Partial<HostFirewall>) => hostFirewallProblem(input.roles, firewall(options));
  const management = { cidrs: ['198.51.100.0/24'], ports: [22] };

  it('takes a host role without members, and enforce with management networks', () => {
    expect(problem({})).toBeNull();
    expect(problem({ host: 'master' })).toBeNull();
    expect(problem({ host: 'worker', mode: 'enforce', egress: 'enforce', management })).toBeNull();
  });

  it('refuses a role that includes others, naming them, an unknown role, and a balancer or outside role', () => {
    expect(problem({ host: 'node' })).toEqual({
      field: 'host',
      message:
        'role "node" includes master, worker: ask for each of them; host firewalls are rendered for master, worker, kcp',
    });
    expect(problem({ host: 'router' })?.message).toMatch(/^unknown role "router"; host firewalls are rendered for/);
    expect(problem({ host: 'master-lb' })?.message).toMatch(/^role "master-lb" is a loadBalancer role, not a host/);
    expect(problem({ host: 'internet' })?.message).toMatch(/^role "internet" is an external role, not a host/);
  });

  it('refuses enforce without management networks (lock-out), without a host, and egress=enforce alone', () => {
    expect(problem({ host: 'master', mode: 'enforce' })).toEqual({
      field: 'managementCidrs',
      message: expect.stringContaining('so that loading cannot lock the operator out'),
    });
    expect(problem({ mode: 'enforce', management })?.field).toBe('host');
    expect(problem({ host: 'master', egress: 'enforce' })?.field).toBe('egress');
  });
});
