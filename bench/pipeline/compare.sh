#!/usr/bin/env bash
# Training steps per second and whole-scan prediction time, ML.NET pipeline (bench/pipeline/current) against the
# pipeline before the move to ML.NET (bench/pipeline/before, built in a temporary checkout of commit 3b02f47), the same
# configuration: Small H3DE-Net, 8 phantoms of 64³, 64³ random crops with heatmap targets, batch 1, 4 epochs (the
# first not timed), 2 threads; prediction: best of 6 whole-scan predictions of 96³ phantoms. Runs the two alternately
# ROUNDS times (default 3) and prints each run and the ratio of each round's back-to-back pair and their median
# (ml.net / before; > 1 means faster for steps, < 1 means faster for prediction time).
# Usage: bash bench/pipeline/compare.sh [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds="${1:-3}"
before_commit=3b02f47
work="$(mktemp -d)"
trap 'git worktree remove --force "$work/before" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
git worktree add --detach "$work/before" "$before_commit" >/dev/null
mkdir -p "$work/before/bench/pipeline/before"
cp bench/pipeline/before/Program.cs bench/pipeline/before/PipelineThroughputBefore.csproj "$work/before/bench/pipeline/before/"
dotnet build "$work/before/bench/pipeline/before" -c Release -v q -nologo >/dev/null
dotnet build bench/pipeline/current -c Release -v q -nologo >/dev/null
before_dll="$(find "$work/before/bench/pipeline/before/bin/Release" -name PipelineThroughputBefore.dll | head -1)"
current_dll="$(find bench/pipeline/current/bin/Release -name PipelineThroughput.dll | head -1)"
results="$work/results.jsonl"
for ((r = 1; r <= rounds; r++)); do
  dotnet "$before_dll" | tail -1 | tee -a "$results"
  dotnet "$current_dll" | tail -1 | tee -a "$results"
done
python3 - "$results" <<'PY'
import json, statistics, sys
runs = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
pairs = list(zip([r for r in runs if r["pipeline"] == "before"], [r for r in runs if r["pipeline"] == "ml.net"]))
for k in ("trainingStepsPerSecond", "predictSeconds"):
    ratios = sorted(c[k] / b[k] for b, c in pairs)
    print(f"{k}: ml.net/before per round {', '.join(f'{r:.3f}' for r in ratios)}; median {statistics.median(ratios):.3f}"
          f" (medians: before {statistics.median(b[k] for b, _ in pairs):.4f}, ml.net {statistics.median(c[k] for _, c in pairs):.4f})")
PY
