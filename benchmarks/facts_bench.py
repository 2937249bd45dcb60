"""Score factpull's date and quantity extractors on the facts benchmark (reads ../shared).

    .venv/bin/python benchmarks/facts_bench.py [--shared ../shared] [--split dev] [--errors N] [--within]

Runs ``extract_dates`` and ``extract_quantities`` in-process over every case of
``SHARED/bench/facts/SPLIT/{dates,quantities}.jsonl`` (each case's own ``ref_date``, with its time of day when ``ref_datetime`` has one), writes
the predictions as JSONL (``{"id", "predicted": [...]}``) and runs the benchmark's scorer
``SHARED/bench/score_facts.py`` on each file. The figures that matter are the dates group on
dates.jsonl and the quantities group on quantities.jsonl (both extractors run on every case,
as the pipeline does). Exits 0 with a note when the shared folder is absent.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from factpull.extract.dates import extract_dates
from factpull.extract.quantities import extract_quantities
from factpull.rules.load import load_rules

ROOT = Path(__file__).resolve().parents[1]


def predict(case: dict[str, Any], rules: Any, *, within: bool = False) -> list[dict[str, Any]]:
    text = case["text"]
    ref: dt.date | None = dt.date.fromisoformat(case["ref_date"]) if case.get("ref_date") else None
    stamp = case.get("ref_datetime")
    if ref is not None and stamp and not stamp.endswith("T00:00:00"):
        ref = dt.datetime.fromisoformat(stamp)  # the case's reference time of day: "now", "in 2 minutes"
    items: list[dict[str, Any]] = []
    dates = extract_dates(text, ref, rules)
    for d in dates:
        value = d.within if within and d.within else d.value
        items.append({"text": d.text, "start": d.start, "end": d.end, "kind": d.kind, "value": value, "unit": None})
    for q in extract_quantities(text, rules, dates=dates):  # as the pipeline does
        items.append({"text": q.text, "start": q.start, "end": q.end, "kind": q.kind, "value": q.value, "unit": q.unit})
    return items


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--split", default="dev")
    ap.add_argument("--errors", type=int, default=0, help="print this many failing gold items per file")
    ap.add_argument("--out", type=Path, default=None, help="folder for the prediction files (default: a temp dir)")
    ap.add_argument(
        "--within",
        action="store_true",
        help="score a date's finer reading (its `within` field) where it has one: the Recognizers-Text suite gives "
        "sub-ranges and days where factpull's value follows TimeML's granularity ('mid-May' is the month)",
    )
    args = ap.parse_args()
    bench = args.shared / "bench" / "facts" / args.split
    scorer = args.shared / "bench" / "score_facts.py"
    if not bench.is_dir() or not scorer.is_file():
        print(f"facts benchmark not found under {args.shared} (needs bench/facts/{args.split}); nothing to do")
        return 0
    rules = load_rules()
    out_dir = args.out or Path(tempfile.mkdtemp(prefix="factpull-facts-"))
    out_dir.mkdir(parents=True, exist_ok=True)
    summary: dict[str, dict[str, Any]] = {}
    for name, group in (("dates", "dates"), ("quantities", "quantities")):
        gold = bench / f"{name}.jsonl"
        if not gold.is_file():
            continue
        cases = [json.loads(line) for line in gold.read_text(encoding="utf-8").splitlines() if line.strip()]
        t0 = time.perf_counter()
        pred_path = out_dir / f"{name}.pred.jsonl"
        with pred_path.open("w", encoding="utf-8") as fh:
            for case in cases:
                fh.write(
                    json.dumps(
                        {"id": case["id"], "predicted": predict(case, rules, within=args.within)}, ensure_ascii=False
                    )
                    + "\n"
                )
        elapsed = time.perf_counter() - t0
        metrics = out_dir / f"{name}.metrics.json"
        cmd = [sys.executable, str(scorer), str(gold), "--pred", str(pred_path), "--json", str(metrics)]
        if args.errors:
            cmd += ["--errors", str(args.errors)]
        print(f"== {gold.name}: {len(cases)} cases, extraction {elapsed:.2f} s")
        print("   $ " + " ".join(cmd))
        sys.stdout.flush()
        subprocess.run(cmd, check=True)
        summary[name] = json.loads(metrics.read_text())[group]
        print()
    print("== summary (group scored on its own file)")
    for name, m in summary.items():
        print(
            f"  {name:<11} span_F1={m['span_f1']:.3f} (P={m['overlap_p']:.3f} R={m['overlap_r']:.3f})"
            f"  exact_F1={m['exact_f1']:.3f}  value_acc={m['value_acc']:.3f}  kind_acc={m['kind_acc']:.3f}"
        )
        for kind, k in sorted(m["by_kind"].items()):
            va = "  -  " if k["value_acc"] is None else f"{k['value_acc']:.3f}"
            print(f"      {kind:<12} gold={k['gold']:4d} recall={k['recall']:.3f} value_acc={va} (n={k['val_n']})")
    print(f"predictions in {out_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
