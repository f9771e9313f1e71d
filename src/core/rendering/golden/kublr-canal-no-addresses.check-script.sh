#!/bin/sh
# Network flow check: Kublr network requirements 1.30.0
#
# Probes each TCP flow's destination from this host: run it on a host of the flows' source role,
#   sh this-file
# and it prints one line per probe, "OK|FAIL <flow> <host>:<port>" or "SKIP <flow> <reason>", then
# "N ok, N failed, N skipped"; the exit status is 1 if any probe failed, else 0.
# UDP and IP-in-IP flows are listed as SKIP: they cannot be probed reliably. For a port range, the
# first port is probed.
#
# Environment:
#   SOURCE_ROLE=worker    probe only the flows whose source role is (or includes) worker
#   TARGET_<ROLE>="h1 h2"  the hosts to probe for flows to ROLE, instead of the single-host addresses
#                         (/32, /128) the profile gives; needed where it gives networks only
#   PROBE_TIMEOUT=3       seconds per probe
#   PROBE_WITH=nc|bash    "nc -z -w", or bash's /dev/tcp under timeout (default: nc if installed)
#
# Destinations of the TCP flows:
#   TARGET_NODE: node (no addresses in the profile)
#   TARGET_MASTER: master (no addresses in the profile)
#   TARGET_INTERNET: internet (0.0.0.0/0, ::/0)
#   TARGET_CLOUD_API: cloud-api (0.0.0.0/0, ::/0)

set -u
set -f

ok=0
failed=0
skipped=0

timeout_s=${PROBE_TIMEOUT:-3}
case $timeout_s in
  '' | *[!0-9]*)
    echo 'PROBE_TIMEOUT must be a whole number of seconds' >&2
    exit 2
    ;;
esac

if [ -n "${PROBE_WITH:-}" ]; then
  probe_with=$PROBE_WITH
elif command -v nc >/dev/null 2>&1; then
  probe_with=nc
elif command -v bash >/dev/null 2>&1 && command -v timeout >/dev/null 2>&1; then
  probe_with=bash
else
  probe_with=none
fi
case $probe_with in
  nc | bash | none) ;;
  *)
    echo 'PROBE_WITH must be nc or bash' >&2
    exit 2
    ;;
esac

# reach HOST PORT: succeeds when a TCP connection opens within the timeout.
reach() {
  if [ "$probe_with" = nc ]; then
    nc -z -w "$timeout_s" "$1" "$2" >/dev/null 2>&1
  else
    timeout "$timeout_s" bash -c 'exec 3<>"/dev/tcp/$1/$2"' probe "$1" "$2" >/dev/null 2>&1
  fi
}

# skip FLOW REASON
skip() {
  skipped=$((skipped + 1))
  printf 'SKIP %s %s\n' "$1" "$2"
}

# from_here MEMBERS: true unless SOURCE_ROLE is set and is none of the source's roles.
from_here() {
  [ -z "${SOURCE_ROLE:-}" ] && return 0
  for role in $1; do
    [ "$role" = "$SOURCE_ROLE" ] && return 0
  done
  return 1
}

# tcp_flow FLOW SOURCE MEMBERS TARGETS HOSTS PORT NOTE REASON
tcp_flow() {
  if ! from_here "$3"; then
    skip "$1" "(source is $2, not $SOURCE_ROLE)"
    return
  fi
  hosts=$5
  [ -n "$4" ] && hosts=$4
  if [ -z "$hosts" ]; then
    skip "$1" "$8"
    return
  fi
  for host in $hosts; do
    case $host in
      *:*) target="[$host]:$6" ;;
      *) target="$host:$6" ;;
    esac
    case $host in
      -*) skip "$1" "$target (not a host name)" ;;
      *)
        if [ "$probe_with" = none ]; then
          skip "$1" "$target (no probe tool: install nc, or bash and timeout)"
        elif reach "$host" "$6"; then
          ok=$((ok + 1))
          printf 'OK %s %s%s\n' "$1" "$target" "$7"
        else
          failed=$((failed + 1))
          printf 'FAIL %s %s%s\n' "$1" "$target" "$7"
        fi
        ;;
    esac
  done
}

tcp_flow 'kcp-cloud-api' 'kcp' 'kcp' "${TARGET_CLOUD_API-}" '' '443' '' '(tcp/443 to cloud-api: cloud-api is given as networks, not hosts; set TARGET_CLOUD_API=host)'
tcp_flow 'kcp-master-kubernetes-api' 'kcp' 'kcp' "${TARGET_MASTER-}" '' '443' '' '(tcp/443 to master: no addresses for master in the profile; set TARGET_MASTER=host)'
tcp_flow 'etcd-client' 'master' 'master' "${TARGET_MASTER-}" '' '2379' '' '(tcp/2379 to master: no addresses for master in the profile; set TARGET_MASTER=host)'
tcp_flow 'etcd-peer' 'master' 'master' "${TARGET_MASTER-}" '' '2380' '' '(tcp/2380 to master: no addresses for master in the profile; set TARGET_MASTER=host)'
tcp_flow 'node-internet-dns/tcp' 'node' 'node master worker' "${TARGET_INTERNET-}" '' '53' '' '(tcp/53 to internet: internet is given as networks, not hosts; set TARGET_INTERNET=host)'
tcp_flow 'node-internet-https' 'node' 'node master worker' "${TARGET_INTERNET-}" '' '443' '' '(tcp/443 to internet: internet is given as networks, not hosts; set TARGET_INTERNET=host)'
skip 'node-internet-dns/udp' '(udp/53 to internet: only TCP flows can be probed)'
tcp_flow 'canal-typha' 'node' 'node master worker' "${TARGET_NODE-}" '' '5473' '' '(tcp/5473 to node: no addresses for node in the profile; set TARGET_NODE=host)'
tcp_flow 'kubelet-api' 'node' 'node master worker' "${TARGET_NODE-}" '' '10250' '' '(tcp/10250 to node: no addresses for node in the profile; set TARGET_NODE=host)'
skip 'canal-vxlan' '(udp/8472 to node: only TCP flows can be probed)'
tcp_flow 'worker-master-kubernetes-api' 'worker' 'worker' "${TARGET_MASTER-}" '' '443' '' '(tcp/443 to master: no addresses for master in the profile; set TARGET_MASTER=host)'

printf '%s ok, %s failed, %s skipped\n' "$ok" "$failed" "$skipped"
[ "$failed" -eq 0 ] || exit 1
exit 0
