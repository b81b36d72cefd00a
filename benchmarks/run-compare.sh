#!/bin/sh
# Regenerates the "SFU vs Janus" table: builds Release, then runs `LoadTest compare` inside a private network
# namespace (unshare -n, so root) with a veth lb0 at 10.99.0.1/32, because Janus ignores loopback interfaces when it
# gathers ICE candidates. All traffic stays inside that namespace.
#   benchmarks/run-compare.sh                       # every scenario, 20 s each
#   benchmarks/run-compare.sh --duration 10 --subscribers 50 --listeners 100
set -e
cd "$(dirname "$0")/.."
sh benchmarks/janus/install.sh
dotnet build -c Release src/MediaNode/MediaNode.csproj -v q -nologo
dotnet build -c Release benchmarks/LoadTest/Messenger.LoadTest.csproj -v q -nologo
out="benchmarks/results/compare-$(date -u +%Y%m%dT%H%M%SZ).json"
exec unshare -n sh -c '
  set -e
  ip link set lo up
  ip link add lb0 type veth peer name lb1
  ip addr add 10.99.0.1/32 dev lb0
  ip link set lb0 up
  ip link set lb1 up
  out="$1"; shift
  exec dotnet benchmarks/LoadTest/bin/Release/net10.0/Messenger.LoadTest.dll compare --address 10.99.0.1 --json "$out" --markdown docs/performance.md "$@"
' sh "$out" "$@"
