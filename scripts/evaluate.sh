#!/usr/bin/env bash
# Runs Sharpfish's evaluation on this machine with a published binary (scripts/publish.sh) and packs the results:
#   scripts/evaluate.sh [BINARY] [OUTDIR]      (defaults: out/linux-x64/sharpfish, evaluation/; QUICK=1: smoke run)
# Writes OUTDIR/log.txt (every table), OUTDIR/results/ (JSON and plots) and OUTDIR/sysfs.tgz (the topology as
# sysfs gave it, to check in as a test fixture). A failing step is logged and the next one runs.
set -uo pipefail
cd "$(dirname "$0")/.."
bin=${1:-out/linux-x64/sharpfish}
out=${2:-evaluation}
mkdir -p "$out"
results=$out/results
sysfs=$(mktemp -d)
quick=${QUICK:+--quick}
step() {
  echo "== $* ==" | tee -a "$out/log.txt"
  local start=$SECONDS
  "$@" >>"$out/log.txt" 2>&1 || echo "FAILED ($?): $*" | tee -a "$out/log.txt"
  echo "   ($((SECONDS - start)) s)" | tee -a "$out/log.txt"
}
: >"$out/log.txt"
step uname -a
step nproc
step sh -c "lscpu | head -30"
step scripts/record-sysfs.sh "$sysfs"
step "$bin" topology
step "$bin" boot --remeasure --run "cores; ping $(($(nproc) - 1)) 100; skb facts; skb tree 0; halt"
step "$bin" boot --run "spawn threads --wait $(nproc) 100; halt"
step "$bin" skb latency --out "$results/latency.png"
step "$bin" bench lrpc $quick --out "$results"
step "$bin" bench rpc $quick --out "$results"
step "$bin" bench urpc $quick --out "$results"
step "$bin" bench fig3 $quick --out "$results"
step "$bin" bench shootdown $quick --out "$results"
step "$bin" bench shootdown --sim amd-8x4 --out "$results/sim-amd-8x4"
step "$bin" bench retype $quick --out "$results"
step "$bin" bench retype --sim amd-8x4 --out "$results/sim-amd-8x4"
tar czf "$out/sysfs.tgz" -C "$sysfs" .
rm -rf "$sysfs"
echo "evaluation written to $out"
