"""Benchmark the page reader on the shared real pages: F1 per key, with and without site layouts,
and its speed.

    .venv/bin/python bench/extract.py [--json bench/results/extract.json]

Scores ``../shared/formats/dev`` and ``../shared/formats/wide`` together and apart with the
shared scorer (``../shared/formats/score.py``, imported, so the comparison is exactly its own),
once as ``reelpress extract PAGE --json`` reads them and once with ``--generic`` (every site
layout switched off: the estimate for a site nobody has seen). Then times the reader alone over
the same pages (pages/s in one process) and reports how the title confidence separates right
titles from wrong ones. The page texts stay outside the repository.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FORMATS = ROOT.parent / "shared" / "formats"
sys.path.insert(0, str(ROOT))


def load_scorer():
    spec = importlib.util.spec_from_file_location("formats_score", FORMATS / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def pages_of(name: str) -> list[Path]:
    return sorted(p for p in (FORMATS / name).glob("*.txt") if p.with_suffix(".gold.json").exists())


def score(scorer, pages: list[Path], *, site_layouts: bool) -> dict:
    from reelpress.ingest.extract import extract

    tallies = {key: scorer.Tally() for key in scorer.KEYS}
    titles = []
    for page in pages:
        gold = json.loads(page.with_suffix(".gold.json").read_text(encoding="utf-8"))
        record = extract(page.read_bytes(), filename=page.name, site_layouts=site_layouts)
        scorer.compare(gold, json.loads(json.dumps(record, ensure_ascii=False)), tallies)
        evidence = record["evidence"].get("title") or {}
        right = scorer.fold(gold.get("title")) == scorer.fold(record.get("title"))
        titles.append(
            {
                "page": page.stem,
                "right": right,
                "confidence": evidence.get("confidence"),
                "needs_review": bool(record["needs_review"]),
            }
        )
    total = scorer.Tally()
    for tally in tallies.values():
        total.add(tally.tp, tally.fp, tally.fn)
    p, r, f = total.prf()
    return {
        "pages": len(pages),
        "precision": round(p, 3),
        "recall": round(r, 3),
        "f1": round(f, 3),
        "keys": {
            k: dict(zip(("precision", "recall", "f1"), (round(x, 3) for x in t.prf())))
            for k, t in tallies.items()
        },
        "wrong_titles": [t for t in titles if not t["right"]],
    }


def titles_without_urls(scorer, pages: list[Path]) -> dict:
    """Titles with every page's ``# source:`` line removed: how many are right, and whether every
    wrong one is flagged for a look (the URL is the strongest sign; this is the reader without it)."""
    import re

    from reelpress.ingest.extract import extract

    right = wrong = flagged = 0
    for page in pages:
        gold = json.loads(page.with_suffix(".gold.json").read_text(encoding="utf-8"))
        text = re.sub(r"^# source:.*\n", "", page.read_text(encoding="utf-8"))
        record = extract(text, site_layouts=False)
        if scorer.fold(gold.get("title")) == scorer.fold(record.get("title")):
            right += 1
        else:
            wrong += 1
            flagged += any("title" in reason for reason in record["needs_review"])
    return {"right": right, "wrong": wrong, "wrong_and_flagged": flagged}


def speed(pages: list[Path], *, site_layouts: bool, rounds: int = 5) -> float:
    from reelpress.ingest.extract import extract

    data = [p.read_bytes() for p in pages]
    started = time.perf_counter()
    for _ in range(rounds):
        for d in data:
            extract(d, site_layouts=site_layouts)
    return rounds * len(data) / (time.perf_counter() - started)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, help="write the figures here as JSON")
    args = parser.parse_args()
    if not (FORMATS / "score.py").exists():
        print(f"the shared pages and scorer are not at {FORMATS}", file=sys.stderr)
        return 2
    scorer = load_scorer()
    sets = {"dev": pages_of("dev"), "wide": pages_of("wide")}
    sets["dev+wide"] = sets["dev"] + sets["wide"]
    results: dict = {
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}",
        "load_average": os.getloadavg()[0],
        "runs": {},
    }
    for mode, layouts in (("with site layouts", True), ("generic", False)):
        for name, pages in sets.items():
            figures = score(scorer, pages, site_layouts=layouts)
            results["runs"][f"{name}, {mode}"] = figures
            print(
                f"{name:9} {mode:18} F1 {figures['f1']:.3f}  precision {figures['precision']:.3f}  "
                f"recall {figures['recall']:.3f}  title F1 {figures['keys']['title']['f1']:.3f}  "
                f"({figures['pages']} pages)"
            )
    print("\nper key, dev+wide:          with layouts        generic")
    for key in scorer.KEYS:
        a = results["runs"]["dev+wide, with site layouts"]["keys"][key]
        b = results["runs"]["dev+wide, generic"]["keys"][key]
        print(
            f"  {key:18} P {a['precision']:.3f} R {a['recall']:.3f} F1 {a['f1']:.3f}   "
            f"P {b['precision']:.3f} R {b['recall']:.3f} F1 {b['f1']:.3f}"
        )
    for mode in ("with site layouts", "generic"):
        wrong = results["runs"][f"dev+wide, {mode}"]["wrong_titles"]
        flagged = sum(1 for t in wrong if t["needs_review"])
        print(
            f"\nwrong or missing titles, {mode}: {len(wrong)}, "
            f"of which {flagged} wait as drafts (needs a look)"
        )
        for t in wrong:
            print(f"  {t['page']}: confidence {t['confidence']}, needs a look: {t['needs_review']}")
    bare = titles_without_urls(scorer, sets["dev+wide"])
    results["titles_without_urls"] = bare
    print(
        f"\ntitles with the pages' URLs removed (generic): {bare['right']} right, {bare['wrong']} wrong, "
        f"{bare['wrong_and_flagged']} of the wrong ones flagged for a look"
    )
    for mode, layouts in (("with site layouts", True), ("generic", False)):
        rate = speed(sets["dev+wide"], site_layouts=layouts)
        results[f"pages_per_second, {mode}"] = round(rate)
        print(
            f"\nreader alone, {mode}: {rate:.0f} pages/s in one process "
            f"(load average {os.getloadavg()[0]:.1f})"
        )
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
