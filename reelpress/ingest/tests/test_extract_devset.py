"""The extractor against the shared dev set, measured by the shared scorer's own comparison.

The dev set (``shared/formats/dev``: real page openings with gold records) lives beside the
repository, not in it; the test skips, saying so, where it is absent.
"""

import importlib.util
import json
from pathlib import Path

import pytest

import reelpress.ingest.extract as extract_package
from reelpress.ingest.extract import extract

FORMATS = Path(__file__).resolve().parents[3] / ".." / "shared" / "formats"
DEV = FORMATS / "dev"
SCORER = FORMATS / "score.py"


@pytest.fixture(autouse=True, scope="module")
def strict_extraction():
    """Let internal exceptions surface instead of being absorbed into an empty record."""
    extract_package.STRICT = True
    yield
    extract_package.STRICT = False


def load_scorer():
    spec = importlib.util.spec_from_file_location("formats_score", SCORER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def scorer():
    if not SCORER.exists() or not DEV.is_dir():
        pytest.skip(f"dev set or scorer not found at {FORMATS.resolve()}")
    return load_scorer()


def dev_pages():
    return sorted(p for p in DEV.glob("*.txt") if p.with_suffix(".gold.json").exists())


def test_dev_set_f1(scorer):
    pages = dev_pages()
    assert pages, f"no gold-labelled pages in {DEV}"
    tallies = {key: scorer.Tally() for key in scorer.KEYS}
    for page in pages:
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
        f"dev-set F1 {f1:.3f} (precision {precision:.3f}, recall {recall:.3f}); weak keys {weak}"
    )


def test_dev_pages_never_fail(scorer):
    for page in dev_pages():
        record = extract(page.read_bytes())
        assert record["title"], page.name
