"""People/organisation benchmark: factpull's entities against spaCy alone, on the same run.

Reads the NER dev set in ../shared/bench/ner/dev (GUM_NAMED; see its README) and scores with
../shared/bench/score_ner.py (exact span match, PER and ORG). The texts are already clean, so
the cleaner is not run: load_pipeline() + extract_entities() over each text, in-process.
Prints P/R/F1 for factpull and for plain spaCy (PERSON -> PER, ORG) and the time per 1,000
words of spaCy alone and of spaCy + extract_entities. Exits 0 with a message when ../shared is
absent.

    .venv/bin/python benchmarks/ner_bench.py [--shared ../shared] [--errors N] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared", help="the shared folder (../shared)")
    ap.add_argument("--split", default="dev", help="folder under bench/ner/ (default: dev)")
    ap.add_argument("--errors", type=int, default=0, help="print N false positives/negatives of factpull")
    ap.add_argument("--keep", type=Path, help="write docs and predictions to this folder")
    ap.add_argument("--model", default=None, help="spaCy pipeline (default: factpull's)")
    ap.add_argument("--repeat", type=int, default=2, help="timing runs (default: 2)")
    args = ap.parse_args()

    bench = args.shared / "bench"
    gold = bench / "ner" / args.split
    scorer = bench / "score_ner.py"
    if not gold.is_dir() or not scorer.is_file():
        print(f"ner_bench: {gold} or {scorer} not found; nothing to do")
        return 0

    from factpull.extract.entities import extract_entities
    from factpull.extract.nlp import load_pipeline, read_names
    from factpull.rules.load import load_rules

    with tempfile.TemporaryDirectory() as tmp_name:
        work = args.keep or Path(tmp_name)
        work.mkdir(parents=True, exist_ok=True)
        docs_path = work / "docs.jsonl"
        subprocess.run(
            [sys.executable, str(scorer), "--gold", str(gold), "--dump-docs", str(docs_path)],
            check=True,
            capture_output=True,
        )
        rows = [json.loads(line) for line in docs_path.read_text(encoding="utf-8").splitlines() if line.strip()]
        n_words = sum(len(r["text"].split()) for r in rows)

        nlp = load_pipeline(args.model)
        rules = load_rules()
        texts = [r["text"] for r in rows]
        raw = _raw_pipeline(args.model or nlp.meta.get("name", ""), nlp)
        nlp("warm up")
        extract_entities("Warm up by Jane Doe.", [(0, nlp("Warm up by Jane Doe."))], rules)
        if raw is not None:
            raw("warm up")

        # Alternate the runs and keep the best of each, as other work on the machine adds noise.
        t_raw = t_spacy = t_rules = float("inf")
        docs: list[Any] = []
        results: list[Any] = []
        for _ in range(args.repeat):
            if raw is not None:
                t0 = time.perf_counter()
                list(raw.pipe(texts))
                t_raw = min(t_raw, time.perf_counter() - t0)
            t0 = time.perf_counter()
            docs = [list(read_names(nlp, text)) for text in texts]  # what the model reads in factpull
            t_spacy = min(t_spacy, time.perf_counter() - t0)
            t0 = time.perf_counter()
            results = [extract_entities(r["text"], d, rules) for r, d in zip(rows, docs, strict=True)]
            t_rules = min(t_rules, time.perf_counter() - t0)

        ours, plain = [], []
        for r, d, (people, orgs) in zip(rows, nlp.pipe(texts), results, strict=True):
            ents: list[dict[str, Any]] = []
            for label, group in (("PER", people), ("ORG", orgs)):
                for e in group:
                    ents += [{"start": m.start, "end": m.end, "label": label} for m in e.mentions]
            ours.append({"id": r["id"], "entities": ents})
            plain.append(
                {
                    "id": r["id"],
                    "entities": [
                        {"start": e.start_char, "end": e.end_char, "label": {"PERSON": "PER"}.get(e.label_, e.label_)}
                        for e in d.ents
                        if e.label_ in ("PERSON", "ORG")
                    ],
                }
            )
        scores: dict[str, Any] = {}
        for name, preds in (("factpull", ours), ("spacy", plain)):
            path = work / f"pred_{name}.jsonl"
            path.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in preds), encoding="utf-8")
            result = work / f"score_{name}.json"
            cmd = [sys.executable, str(scorer), "--gold", str(gold), "--pred", str(path), "--json", str(result)]
            if name == "factpull" and args.errors:
                cmd += ["--errors", str(args.errors)]
            out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
            print(f"== {name} ({args.split}, exact span match)")
            print(out.rstrip())
            scores[name] = json.loads(result.read_text(encoding="utf-8"))["scores"]
        ms = 1000 * 1000 / max(n_words, 1)
        print(f"== time ({n_words} words, best of {args.repeat}), ms per 1,000 words:")
        if raw is not None:
            print(f"   raw spaCy {'+'.join(raw.pipe_names)} nlp.pipe: {t_raw * ms:.1f}")
        print(f"   factpull pipeline {'+'.join(nlp.pipe_names)} nlp.pipe: {t_spacy * ms:.1f}")
        print(f"   extract_entities: {t_rules * ms:.1f}")
        print(f"   factpull total: {(t_spacy + t_rules) * ms:.1f}")
    failed = _check_floors(scores["factpull"], scores["spacy"]) if args.split == "dev" else []
    for line in failed:
        print(f"ner_bench: below floor: {line}")
    return 1 if failed else 0


# Floors on the dev split (exact match, %): absolute F1, and the margin over spaCy alone on
# the same run. Lowering one needs a reason in the commit message.
FLOORS = {"PER": {"f1": 67.0, "over_spacy": 8.0}, "ORG": {"f1": 34.0, "over_spacy": 8.0}}


def _check_floors(ours: dict[str, Any], spacy_alone: dict[str, Any]) -> list[str]:
    failed = []
    for label, floor in FLOORS.items():
        f1, base = 100 * ours[label]["f1"], 100 * spacy_alone[label]["f1"]
        if f1 < floor["f1"]:
            failed.append(f"{label} F1 {f1:.2f} < {floor['f1']}")
        if f1 - base < floor["over_spacy"]:
            failed.append(f"{label} F1 {f1:.2f} is not {floor['over_spacy']} above spaCy's {base:.2f}")
        if ours[label]["precision"] < spacy_alone[label]["precision"]:
            failed.append(f"{label} precision below spaCy's")
    if not failed:
        print(
            "== floors: "
            + ", ".join(f"{k} F1 >= {v['f1']} and +{v['over_spacy']} over spaCy" for k, v in FLOORS.items())
            + ": ok"
        )
    return failed


def _raw_pipeline(name: str, nlp: Any) -> Any:
    """The same package with tok2vec + ner (what plain spaCy NER runs), for the speed comparison."""
    import spacy

    package = name if spacy.util.is_package(name) else f"{nlp.meta.get('lang', 'en')}_{name}"
    try:
        raw = spacy.load(package)
    except OSError:
        return None
    keep = {"tok2vec", "ner"}
    for pipe in list(raw.pipe_names):
        if pipe not in keep:
            raw.remove_pipe(pipe)
    return raw


if __name__ == "__main__":
    sys.exit(main())
