#!/usr/bin/env bash
# Records the parts of a Linux machine's sysfs and /proc/cpuinfo that Sharpfish's topology discovery reads,
# into DEST, so the tree can be checked in as a test fixture:  scripts/record-sysfs.sh tests/.../sysfs/NAME
set -euo pipefail
dest=${1:?usage: record-sysfs.sh DEST}
mkdir -p "$dest"
copy() { # copy one file if it exists and is readable, keeping its path under DEST
  local f=$1
  [ -r "$f" ] || return 0
  mkdir -p "$dest$(dirname "$f")"
  cat "$f" > "$dest$f" 2>/dev/null || rm -f "$dest$f"
}
cpu=/sys/devices/system/cpu
for f in online possible present offline; do copy "$cpu/$f"; done
for d in "$cpu"/cpu[0-9]*; do
  copy "$d/online"
  for f in physical_package_id die_id core_id thread_siblings_list core_cpus_list package_cpus_list die_cpus_list cluster_id; do
    copy "$d/topology/$f"
  done
  for c in "$d"/cache/index*; do
    [ -d "$c" ] || continue
    for f in level type size shared_cpu_list; do copy "$c/$f"; done
  done
done
node=/sys/devices/system/node
copy "$node/online"
for n in "$node"/node[0-9]*; do
  for f in cpulist distance; do copy "$n/$f"; done
  if [ -r "$n/meminfo" ]; then mkdir -p "$dest$n"; grep MemTotal "$n/meminfo" > "$dest$n/meminfo" || true; fi
done
mkdir -p "$dest/proc"
grep -m1 -E '^model name' /proc/cpuinfo > "$dest/proc/cpuinfo" || true
grep -m1 -E '^cpu MHz' /proc/cpuinfo >> "$dest/proc/cpuinfo" || true
echo "recorded $(find "$dest" -type f | wc -l) files into $dest"
