#!/usr/bin/env bash
# make bench-clean: the boilerplate benchmark as a user runs it, one `factpull clean FOLDER -o OUT`
# over the dev pages (timed), then the scorer by page type.
# Usage: benchmarks/bench_clean.sh [SHARED] [FACTPULL]
set -euo pipefail
shared=${1:-../shared}
factpull=${2:-.venv/bin/factpull}
dev="$shared/bench/boilerplate/dev"
if [ ! -d "$dev" ]; then
  echo "bench-clean: $dev not found (the benchmark data lives beside the project in ../shared); skipped"
  exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/in" "$work/out" "$work/pred"
for f in "$dev"/*.page.txt; do cp "$f" "$work/in/$(basename "$f" .page.txt).txt"; done
start=$(date +%s.%N)
"$factpull" clean "$work/in" -o "$work/out/" || true
end=$(date +%s.%N)
for f in "$work"/out/*.txt; do mv "$f" "$work/pred/$(basename "$f" .txt).pred.txt"; done
pages=$(ls "$work/in" | wc -l)
python3 "$shared/bench/score_boilerplate.py" "$dev" --pred-dir "$work/pred" --by page_type
echo "factpull clean FOLDER -o OUT: $pages pages in $(python3 -c "print(round($end - $start, 1))") s (wall, start-up included)"
