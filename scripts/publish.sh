#!/usr/bin/env bash
# Builds the self-contained, trimmed, single-file sharpfish binary for linux-x64 (runs without .NET installed).
#   scripts/publish.sh [OUTDIR]      (default: out/linux-x64)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-out/linux-x64}
# The CLI's project turns on single-file, trimming and compression for a RID-specific publish; no XML docs ship.
dotnet publish src/Sharpfish.Cli/Sharpfish.Cli.csproj -c Release -r linux-x64 \
  -p:GenerateDocumentationFile=false -p:EnforceCodeStyleInBuild=false -p:DebugType=none -o "$out" >&2
size=$(stat -c %s "$out/sharpfish")
echo "$out/sharpfish: $((size / 1024 / 1024)) MiB" >&2
if [ "$size" -gt $((40 * 1024 * 1024)) ]; then
  echo "publish: the binary is larger than 40 MiB" >&2
  exit 1
fi
