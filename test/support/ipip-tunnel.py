"""A userspace IP-in-IP tunnel for the packet lab (test/support/netns-lab.ts), as Calico's tunl0
carries pod traffic between hosts, for kernels without ipip devices (CONFIG_NET_IPIP).

Run inside a host's network namespace with /usr/bin/python3 (standard library only):

  ipip-tunnel.py DEVICE LOCAL OWN_POD_CIDR POD_CIDR=PEER [POD_CIDR=PEER ...]

Opens the TUN device DEVICE (created by the open when missing, and then gone when this process
exits; bring it up and route the peers' pod networks to it once "ready" is printed).
Every inner IPv4 packet the host routes into DEVICE goes to the outer address PEER of the
pod network that holds its destination, on a raw socket of IP protocol 4 bound to LOCAL: the
kernel adds the outer IPv4 header with protocol 4, exactly an ipip encapsulation, and the
host's OUTPUT chain sees it. Every protocol-4 packet the host receives at LOCAL (after its
INPUT chain) from a known PEER with an inner destination in OWN_POD_CIDR is written, without
its outer header, to DEVICE, from where the host forwards it to its pod. Other protocol-4
packets (the lab's raw IP-in-IP probes, sent to another address) are left alone. Prints
"ready" once both ends are open; runs until killed.
"""

import fcntl
import ipaddress
import os
import selectors
import socket
import struct
import sys

TUNSETIFF = 0x400454CA
IFF_TUN = 0x0001
IFF_NO_PI = 0x1000
IPPROTO_IPIP = 4


def open_tun(name):
    tun = os.open("/dev/net/tun", os.O_RDWR)
    fcntl.ioctl(tun, TUNSETIFF, struct.pack("16sH", name.encode(), IFF_TUN | IFF_NO_PI))
    os.set_blocking(tun, False)
    return tun


def main(device, local, own_pods, routes):
    own = ipaddress.ip_network(own_pods)
    peers = [(ipaddress.ip_network(cidr), peer) for cidr, peer in routes]
    peer_addresses = {peer for _, peer in peers}

    def peer_for(address):
        for network, peer in peers:
            if address in network:
                return peer
        return None

    tun = open_tun(device)
    raw = socket.socket(socket.AF_INET, socket.SOCK_RAW, IPPROTO_IPIP)
    raw.bind((local, 0))
    raw.setblocking(False)
    selector = selectors.DefaultSelector()
    selector.register(tun, selectors.EVENT_READ, "tun")
    selector.register(raw, selectors.EVENT_READ, "raw")
    print("ready", flush=True)
    while True:
        for key, _ in selector.select():
            try:
                if key.data == "tun":
                    inner = os.read(tun, 65535)
                    if len(inner) < 20 or inner[0] >> 4 != 4:
                        continue
                    peer = peer_for(ipaddress.ip_address(inner[16:20]))
                    if peer is not None:
                        raw.sendto(inner, (peer, 0))
                else:
                    packet, (source, _) = raw.recvfrom(65535)
                    inner = packet[(packet[0] & 0x0F) * 4:]
                    if source not in peer_addresses or len(inner) < 20 or inner[0] >> 4 != 4:
                        continue
                    if ipaddress.ip_address(inner[16:20]) in own:
                        os.write(tun, inner)
            except OSError:
                pass


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3], [route.split("=", 1) for route in sys.argv[4:]])
