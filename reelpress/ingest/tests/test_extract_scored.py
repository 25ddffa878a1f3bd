"""The extractor on gold-labelled pages, measured by the shared scorer's own comparison.

Two sets: the shared dev set (``shared/formats/dev``, real page openings, beside the repository,
not in it) and ``fixtures/heldout`` (pages in the real layouts written by someone who never saw
the extractor: a guard against tuning to the dev set). The scorer lives beside the repository
(``shared/formats/score.py``); the tests skip, saying so, where it is absent.
"""

import importlib.util
import json
from pathlib import Path

import pytest

import reelpress.ingest.extract as extract_package
from reelpress.ingest.extract import extract

FORMATS = Path(__file__).resolve().parents[3] / ".." / "shared" / "formats"
SCORER = FORMATS / "score.py"
SETS = {"dev": FORMATS / "dev", "heldout": Path(__file__).parent / "fixtures" / "heldout"}


@pytest.fixture(autouse=True, scope="module")
def strict_extraction():
    """Let internal exceptions surface instead of being absorbed into an empty record."""
    extract_package.STRICT = True
    yield
    extract_package.STRICT = False


@pytest.fixture(scope="module")
def scorer():
    if not SCORER.exists():
        pytest.skip(f"the shared scorer is not at {SCORER.resolve()}")
    spec = importlib.util.spec_from_file_location("formats_score", SCORER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def pages_of(name):
    folder = SETS[name]
    if not folder.is_dir():
        pytest.skip(f"the {name} set is not at {folder.resolve()}")
    pages = sorted(p for p in folder.glob("*.txt") if p.with_suffix(".gold.json").exists())
    assert len(pages) >= 10, f"too few gold-labelled pages in {folder}"
    return pages


@pytest.mark.parametrize("name", sorted(SETS))
def test_overall_f1_is_at_least_0_95(scorer, name):
    tallies = {key: scorer.Tally() for key in scorer.KEYS}
    for page in pages_of(name):
        gold = json.loads(page.with_suffix(".gold.json").read_text(encoding="utf-8"))
        # Round-trip through JSON, as the scorer reads the command's output.
        pred = json.loads(json.dumps(extract(page.read_bytes(), filename=page.name), ensure_ascii=False))
        scorer.compare(gold, pred, tallies)
    total = scorer.Tally()
    for tally in tallies.values():
        total.add(tally.tp, tally.fp, tally.fn)
    precision, recall, f1 = total.prf()
    weak = {k: round(t.prf()[2], 3) for k, t in tallies.items() if t.prf()[2] < 0.8}
    assert f1 >= 0.95, (
        f"{name} F1 {f1:.3f} (precision {precision:.3f}, recall {recall:.3f}); weak keys {weak}"
    )


@pytest.mark.parametrize("name", sorted(SETS))
def test_every_page_gives_a_title(name):
    for page in pages_of(name):
        assert extract(page.read_bytes())["title"], page.name
