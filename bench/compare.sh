#!/usr/bin/env bash
# Runs the H3deMl quick benchmark and the PyTorch baseline back to back, case by case, and prints a table of
# throughput ratios (ours / PyTorch; > 1 means H3deMl is faster), then the network benchmark (reference H3DE-Net at
# 1x1x128x128x64: forward and one training step per head) as time and peak-memory ratios (ours / PyTorch; < 1 means
# H3deMl is faster or smaller). --filter h3denet runs only the network cases; --no-network skips them (they take minutes).
#   bench/compare.sh [--threads N] [--filter text] [--artifacts-path DIR] [--no-network] [--repetitions R]   (--filter onnxruntime: H3DE-Net vs ONNX Runtime)
set -euo pipefail
cd "$(dirname "$0")/.."
THREADS=2
FILTER=""
ART="${ARTIFACTS_PATH:-/tmp/art-bench}"
NETWORK=1
REPS=2
while [ $# -gt 0 ]; do
  case "$1" in
    --threads) THREADS="$2"; shift 2 ;;
    --filter) FILTER="$2"; shift 2 ;;
    --artifacts-path) ART="$2"; shift 2 ;;
    --no-network) NETWORK=0; shift ;;
    --repetitions) REPS="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
# H3DE-Net forward against ONNX Runtime on our exported graph (needs node; installs onnxruntime-node on first use).
if [ "$FILTER" = "onnxruntime" ]; then exec bench/onnxruntime/run.sh --threads "$THREADS" --artifacts-path "$ART"; fi
OURS=$(mktemp); THEIRS=$(mktemp)
trap 'rm -f "$OURS" "$THEIRS"' EXIT
dotnet build bench/H3deMl.Benchmarks -c Release --artifacts-path "$ART" -v q -nologo >/dev/null || { echo "build failed" >&2; exit 1; }
CASES="48-16-k3s1-128x128x64 16-16-k3s1-128x128x64 96-32-k3s1-64x64x32 192-64-k3s1-32x32x16 768-256-k3s1-8x8x4 1-32-k3s2-128x128x64 dw64-k5s1-32x32x16 64-256-16384rows"
for c in $CASES; do
  if [ -n "$FILTER" ] && [[ "$c" != *"$FILTER"* ]]; then continue; fi
  dotnet run -c Release --no-build --project bench/H3deMl.Benchmarks --artifacts-path "$ART" -- --quick --threads "$THREADS" --filter "$c" | grep '^{' >> "$OURS"
  python3 bench/pytorch/bench_ops.py --threads "$THREADS" --filter "$c" | grep '^{' >> "$THEIRS"
done
if [ -z "$FILTER" ] || [ "$FILTER" = "gemm" ]; then
  dotnet run -c Release --no-build --project bench/H3deMl.Benchmarks --artifacts-path "$ART" -- --quick --filter gemm | grep '^{' >> "$OURS"
fi
if [ "$NETWORK" = 1 ] && { [ -z "$FILTER" ] || [[ "$FILTER" == h3denet* ]]; }; then
  for c in h3denet-heatmap-forward h3denet-heatmap-train_step h3denet-anchors-forward h3denet-anchors-train_step; do
    if [ -n "$FILTER" ] && [[ "$c" != *"$FILTER"* ]] && [[ "$FILTER" != "h3denet" ]]; then continue; fi
    dotnet run -c Release --no-build --project bench/H3deMl.Benchmarks --artifacts-path "$ART" -- --quick --threads "$THREADS" --filter "$c" --repetitions "$REPS" | grep '^{' >> "$OURS"
    python3 bench/pytorch/bench_h3denet.py --threads "$THREADS" --filter "$c" --repetitions "$REPS" | grep '^{' >> "$THEIRS"
  done
fi
python3 - "$OURS" "$THEIRS" <<'PY'
import json, sys
ours = [json.loads(l) for l in open(sys.argv[1]) if l.startswith("{")]
all_theirs = [json.loads(l) for l in open(sys.argv[2]) if l.startswith("{")]
theirs = {(d["op"], d["case"], d["pass"]): d for d in all_theirs if "case" in d}
net_theirs = {(d["head"], d["pass"]): d for d in all_theirs if d["op"] == "h3denet"}
print(f"| {'case':<24} | {'pass':<8} | {'H3deMl GFLOP/s':>14} | {'PyTorch GFLOP/s':>15} | {'ratio':>6} |")
print(f"|{'-'*26}|{'-'*10}|{'-'*16}|{'-'*17}|{'-'*8}|")
for d in ours:
    if "case" not in d:
        continue
    t = theirs.get((d["op"], d["case"], d["pass"]))
    if t is None:
        continue
    print(f"| {d['case']:<24} | {d['pass']:<8} | {d['gflops']:>14.2f} | {t['gflops']:>15.2f} | {d['gflops'] / t['gflops']:>6.2f} |")
net = [d for d in ours if d["op"] == "h3denet"]
if net:
    print(f"\n| {'h3denet':<10} | {'pass':<10} | {'H3deMl s':>9} | {'PyTorch s':>9} | {'time ratio':>10} | {'H3deMl MB':>9} | {'PyTorch MB':>10} | {'memory ratio':>12} |")
    print(f"|{'-'*12}|{'-'*12}|{'-'*11}|{'-'*11}|{'-'*12}|{'-'*11}|{'-'*12}|{'-'*14}|")
    for d in net:
        t = net_theirs.get((d["head"], d["pass"]))
        if t is None:
            continue
        print(f"| {d['head']:<10} | {d['pass']:<10} | {d['seconds']:>9.2f} | {t['seconds']:>9.2f} | {d['seconds'] / t['seconds']:>10.2f} | {d['peakMemoryMB']:>9.0f} | {t['peakMemoryMB']:>10.0f} | {d['peakMemoryMB'] / max(t['peakMemoryMB'], 1):>12.2f} |")
for d in ours:
    if d["op"] == "gemm":
        print(f"\nsingle-thread GEMM {d['case']}: best {d['best_gflops']:.1f} GFLOP/s = {d['percent_of_peak']:.0f} % of the best measured FMA peak {d['peak_gflops']:.1f} (median {d['gflops']:.1f})")
PY
