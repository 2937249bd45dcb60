#!/usr/bin/env bash
# make bench-clean-html: the boilerplate benchmark from the pages' original HTML, as a user runs it:
# one `factpull clean FOLDER -o OUT` over the gzipped HTML of the dev pages (timed, start-up
# included), then the scorer by page type against the same gold as bench-clean.
# Usage: benchmarks/bench_clean_html.sh [SHARED] [FACTPULL]
set -euo pipefail
shared=${1:-../shared}
factpull=${2:-.venv/bin/factpull}
html="$shared/bench/boilerplate/dev-html"
dev="$shared/bench/boilerplate/dev"
if [ ! -d "$html" ] || [ ! -d "$dev" ]; then
  echo "bench-clean-html: $html not found (the benchmark data lives beside the project in ../shared); skipped"
  exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/out" "$work/pred"
start=$(date +%s.%N)
"$factpull" clean "$html" --glob '*.html.gz' -o "$work/out/" || true
end=$(date +%s.%N)
# ID.html.gz -> ID.html.txt (the output keeps the input's name, suffix replaced) -> ID.pred.txt
for f in "$work"/out/*.txt; do mv "$f" "$work/pred/$(basename "$f" .html.txt).pred.txt"; done
pages=$(ls "$html"/*.html.gz | wc -l)
python3 "$shared/bench/score_boilerplate.py" "$dev" --pred-dir "$work/pred" --by page_type
echo "factpull clean FOLDER -o OUT (HTML): $pages pages in $(python3 -c "print(round($end - $start, 1))") s (wall, start-up included)"
