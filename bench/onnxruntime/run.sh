#!/usr/bin/env bash
# H3DE-Net forward on the reference configuration (both heads, 1x1x128x128x64): H3deMl against ONNX Runtime on our
# exported graph, in the same run. Prints JSON lines ({"op":"h3denet","impl":...}).
#   bench/onnxruntime/run.sh [--threads N] [--reps R] [--size A0,A1,A2] [--artifacts-path DIR]
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ART="${ARTIFACTS_PATH:-/tmp/art-bench}"
ARGS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --artifacts-path) ART="$2"; shift 2 ;;
    *) ARGS+=("$1"); shift ;;
  esac
done
if [ ! -d "$HERE/node_modules/onnxruntime-node" ]; then
  (cd "$HERE" && npm install onnxruntime-node --ignore-scripts --no-audit --no-fund >/dev/null)
fi
dotnet build "$HERE/H3deNetOrtBench.csproj" -c Release --artifacts-path "$ART" -v q -nologo >/dev/null || { echo "build failed" >&2; exit 1; }
cd "$HERE" && dotnet "$ART/bin/H3deNetOrtBench/release/H3deNetOrtBench.dll" "${ARGS[@]}"
