"""Listeners and probes for the host-firewall packet test (test/host-firewall.packets.e2e-spec.ts).

Run inside a network namespace with /usr/bin/python3 (standard library only):

  packet-probe.py serve TCP_PORTS UDP_PORTS   listen on every TCP port (each connection gets
                                              "nr-ok\\n"), echo "nr-ok" to every UDP datagram,
                                              answer IP-in-IP (IP protocol 4) packets; prints
                                              "ready" once everything listens
  packet-probe.py flush-conntrack              empty the namespace's connection tracking table
                                              (what `conntrack -F` does), so that no reply state
                                              of an earlier ruleset lets a packet through
  packet-probe.py probe < targets.json         [{"id", "protocol": "tcp"|"udp"|"ipip", "host",
                                              "port"}] -> {"<id>": true|false} on stdout, all
                                              probes at once, each given TIMEOUT seconds

A probe passes only when the answer came back: a TCP connection that delivers the banner,
a UDP datagram answered, an IP-in-IP packet answered with its nonce. A firewall that drops
either the request or the reply makes it fail. IP-in-IP is sent on a raw socket of
protocol 4 carrying an inner IPv4/UDP packet, as an ipip tunnel puts it on the wire, so
that it also works on kernels without ipip tunnels (CONFIG_NET_IPIP): the firewall only
sees the outer header. The answer comes from the address the packet was sent to.
"""

import json
import os
import selectors
import socket
import struct
import sys
import threading

TIMEOUT = float(os.environ.get("PROBE_TIMEOUT", "1"))
IPPROTO_IPIP = 4


def ports(text):
    return [int(port) for port in text.split(",") if port]


def inner_packet(source, destination, data):
    """An inner IPv4 header and UDP header around data: what an ipip tunnel encapsulates."""
    udp = struct.pack("!HHHH", 40000, 40000, 8 + len(data), 0) + data
    header = struct.pack(
        "!BBHHHBBH4s4s",
        0x45, 0, 20 + len(udp), 0, 0, 64, socket.IPPROTO_UDP, 0,
        socket.inet_aton(source), socket.inet_aton(destination),
    )
    return header + udp


def serve(tcp_ports, udp_ports):
    selector = selectors.DefaultSelector()
    for port in tcp_ports:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("0.0.0.0", port))
        listener.listen(64)
        listener.setblocking(False)
        selector.register(listener, selectors.EVENT_READ, "tcp")
    for port in udp_ports:
        udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        udp.bind(("0.0.0.0", port))
        udp.setblocking(False)
        selector.register(udp, selectors.EVENT_READ, "udp")
    raw = socket.socket(socket.AF_INET, socket.SOCK_RAW, IPPROTO_IPIP)
    raw.setblocking(False)
    selector.register(raw, selectors.EVENT_READ, "ipip")
    print("ready", flush=True)
    while True:
        for key, _ in selector.select():
            sock = key.fileobj
            try:
                if key.data == "tcp":
                    connection, _ = sock.accept()
                    connection.settimeout(TIMEOUT)
                    connection.sendall(b"nr-ok\n")
                    connection.close()
                elif key.data == "udp":
                    data, peer = sock.recvfrom(2048)
                    if data.startswith(b"nr-ping"):
                        sock.sendto(b"nr-ok", peer)
                else:
                    packet, peer = sock.recvfrom(2048)
                    payload = packet[(packet[0] & 0x0F) * 4:]
                    marker = payload.find(b"nr-ping:")
                    if marker >= 0:
                        # From the address the packet went to, so that the reply is the
                        # reverse of the sender's conntrack entry.
                        local = socket.inet_ntoa(packet[16:20])
                        nonce = payload[marker + len(b"nr-ping:"):]
                        with socket.socket(socket.AF_INET, socket.SOCK_RAW, IPPROTO_IPIP) as reply:
                            reply.bind((local, 0))
                            reply.sendto(inner_packet(local, peer[0], b"nr-ok:" + nonce), (peer[0], 0))
            except OSError:
                pass


def probe_tcp(target):
    try:
        with socket.create_connection((target["host"], target["port"]), timeout=TIMEOUT) as connection:
            return connection.recv(16).startswith(b"nr-ok")
    except OSError:
        return False


def probe_udp(target):
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
        udp.settimeout(TIMEOUT)
        try:
            udp.sendto(b"nr-ping", (target["host"], target["port"]))
            data, _ = udp.recvfrom(64)
            return data == b"nr-ok"
        except OSError:
            return False


def probe_ipip(target):
    nonce = os.urandom(8).hex().encode()
    with socket.socket(socket.AF_INET, socket.SOCK_RAW, IPPROTO_IPIP) as raw:
        raw.settimeout(TIMEOUT)
        try:
            raw.sendto(inner_packet("192.0.2.1", "192.0.2.2", b"nr-ping:" + nonce), (target["host"], 0))
            while True:
                packet, peer = raw.recvfrom(2048)
                if peer[0] == target["host"] and (b"nr-ok:" + nonce) in packet:
                    return True
        except OSError:
            return False


def flush_conntrack():
    """IPCTNL_MSG_CT_DELETE for the IPv4 and IPv6 families without attributes: a flush."""
    NETLINK_NETFILTER, NFNL_SUBSYS_CTNETLINK, IPCTNL_MSG_CT_DELETE = 12, 1, 2
    NLM_F_REQUEST, NLM_F_ACK, NLMSG_ERROR = 1, 4, 2
    with socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_NETFILTER) as netlink:
        netlink.bind((0, 0))
        for sequence, family in enumerate((socket.AF_INET, socket.AF_INET6), start=1):
            body = struct.pack("!BBH", family, 0, 0)
            header = struct.pack(
                "=IHHII", 16 + len(body), (NFNL_SUBSYS_CTNETLINK << 8) | IPCTNL_MSG_CT_DELETE,
                NLM_F_REQUEST | NLM_F_ACK, sequence, 0,
            )
            netlink.send(header + body)
            answer = netlink.recv(4096)
            kind = struct.unpack("=H", answer[4:6])[0]
            error = struct.unpack("=i", answer[16:20])[0] if kind == NLMSG_ERROR else 0
            if error != 0:
                raise OSError(-error, "conntrack flush: " + os.strerror(-error))


PROBES = {"tcp": probe_tcp, "udp": probe_udp, "ipip": probe_ipip}


def probe(targets):
    results = {}

    def run(target):
        results[target["id"]] = PROBES[target["protocol"]](target)

    threads = [threading.Thread(target=run, args=(target,)) for target in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    if sys.argv[1] == "serve":
        serve(ports(sys.argv[2]), ports(sys.argv[3]))
    elif sys.argv[1] == "flush-conntrack":
        flush_conntrack()
    else:
        probe(json.load(sys.stdin))
