"""A regression guard on the held-out pages, scored by the shared scorer's own comparison.

``fixtures/heldout`` holds real-layout pages with gold records written by someone who never
saw the extractor; nothing in the extractor is tuned to them. They stand in for the unseen
pages the importer is judged on, so a change that helps the dev set but hurts them shows here.
The scorer itself lives beside the repository (``shared/formats/score.py``).
"""

import importlib.util
import json
from pathlib import Path

import pytest

import reelpress.ingest.extract as extract_package
from reelpress.ingest.extract import extract

HELDOUT = Path(__file__).parent / "fixtures" / "heldout"
SCORER = Path(__file__).resolve().parents[3] / ".." / "shared" / "formats" / "score.py"


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


def heldout_pages():
    return sorted(p for p in HELDOUT.glob("*.txt") if p.with_suffix(".gold.json").exists())


def test_heldout_set_is_there():
    assert len(heldout_pages()) >= 10


def test_heldout_f1_stays_above_the_bar(scorer):
    tallies = {key: scorer.Tally() for key in scorer.KEYS}
    for page in heldout_pages():
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
        f"held-out F1 {f1:.3f} (precision {precision:.3f}, recall {recall:.3f}); weak keys {weak}"
    )
