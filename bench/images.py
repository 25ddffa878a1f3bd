"""Benchmark picture uploads: N synthetic 3000x2000 pictures (drawn with Pillow) through the
real pipeline: `uploads.prepare` (decode, checks, re-encode the master without metadata) and
`renditions.render` (widths x formats, written to a temporary media folder).

    .venv/bin/python bench/images.py -n 1000 --json bench/results/images.json

Generating the pictures is not timed. Figures: seconds per picture for each step (median, p95,
max), peak resident memory of the process, bytes written per picture. No database is needed.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import random
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def synthetic(seed: int, width: int = 3000, height: int = 2000) -> bytes:
    """A camera-like JPEG: a gradient sky, shapes, film grain (so it does not compress to
    nothing), a title; quality 92 as a camera or scanner writes."""
    from PIL import Image, ImageChops, ImageDraw

    rng = random.Random(seed)
    top = tuple(rng.randrange(40, 200) for _ in range(3))
    bottom = tuple(rng.randrange(0, 120) for _ in range(3))
    gradient = Image.linear_gradient("L").resize((width, height))
    im = Image.composite(
        Image.new("RGB", (width, height), bottom), Image.new("RGB", (width, height), top), gradient
    )
    draw = ImageDraw.Draw(im)
    for _ in range(40):
        x, y = rng.randrange(width), rng.randrange(height)
        r = rng.randrange(30, 500)
        colour = tuple(rng.randrange(256) for _ in range(3))
        shape = draw.ellipse if rng.random() < 0.5 else draw.rectangle
        shape((x - r, y - r // 2, x + r, y + r // 2), fill=colour)
    draw.text((width // 10, height // 2), f"FRAME {seed:04d}", fill=(255, 255, 255), font_size=220)
    grain = Image.effect_noise((width, height), 16).convert("RGB")
    im = ImageChops.add(im, grain, scale=1.0, offset=-64)
    # EXIF as a camera writes it, so the upload is re-encoded as a camera's would be (a file with
    # no metadata at all would be kept as it is: docs/decisions.md, "Pictures").
    exif = Image.Exif()
    exif[0x010F], exif[0x0110], exif[0x0112] = "BenchCam", "Model 1", 1
    out = io.BytesIO()
    im.save(out, "JPEG", quality=92, exif=exif.tobytes())
    return out.getvalue()


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("-n", "--pictures", type=int, default=1000)
    parser.add_argument("--width", type=int, default=3000)
    parser.add_argument("--height", type=int, default=2000)
    parser.add_argument(
        "--formats", default=None, help="e.g. 'webp' to leave AVIF out (default: the settings')"
    )
    parser.add_argument("--json", type=Path, help="write the figures to this file")
    parser.add_argument("--every", type=int, default=50, help="report (and write --json) every N pictures")
    args = parser.parse_args()

    media = Path(tempfile.mkdtemp(prefix="reelpress-bench-media-"))
    os.environ["REELPRESS_DATA_DIR"] = str(media)
    os.environ["REELPRESS_MEDIA_ROOT"] = str(media / "media")
    if args.formats is not None:
        os.environ["REELPRESS_IMAGE_FORMATS"] = args.formats
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reelpress.settings")
    import django

    django.setup()
    from reelpress.images import renditions, uploads

    prepare_s, render_s, cpu_s, written, source_bytes = [], [], [], [], []
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    for i in range(args.pictures):
        data = synthetic(i, args.width, args.height)
        source_bytes.append(len(data))
        c0, t0 = time.process_time(), time.perf_counter()
        prepared = uploads.prepare(data, f"frame{i}.jpg")
        t1 = time.perf_counter()
        made = renditions.render(prepared.pixels, prepared.sha256)
        t2, c2 = time.perf_counter(), time.process_time()
        prepare_s.append(t1 - t0)
        render_s.append(t2 - t1)
        cpu_s.append(c2 - c0)
        written.append(len(prepared.data) + sum(r["bytes"] for r in made))
        if (i + 1) % args.every == 0 or i + 1 == args.pictures:
            report(args, i + 1, prepare_s, render_s, cpu_s, written, source_bytes, rss_before, started)
    shutil.rmtree(media, ignore_errors=True)


def report(args, done, prepare_s, render_s, cpu_s, written, source_bytes, rss_before, started) -> None:
    """Print the figures so far and write them to --json (a long run leaves usable partial figures)."""
    from PIL import features

    from reelpress.images import conf

    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    def stats(values):
        return {
            "median": round(statistics.median(values), 4),
            "p95": round(percentile(values, 0.95), 4),
            "max": round(max(values), 4),
            "total": round(sum(values), 1),
        }

    totals = [a + b for a, b in zip(prepare_s, render_s, strict=True)]
    result = {
        "pictures": done,
        "asked": args.pictures,
        "complete": done == args.pictures,
        "elapsed_s": round(time.perf_counter() - started, 1),
        "size": f"{args.width}x{args.height}",
        "widths": list(conf.widths()),
        "formats": list(conf.formats()),
        "avif_in_pillow": features.check("avif"),
        "prepare_s": stats(prepare_s),
        "renditions_s": stats(render_s),
        "per_picture_s": stats(totals),
        # CPU seconds of this process per picture: the work itself, whatever else loads the machine.
        "per_picture_cpu_s": stats(cpu_s),
        "load_average_1min": round(os.getloadavg()[0], 1),
        "source_kb_median": round(statistics.median(source_bytes) / 1024),
        "written_kb_median": round(statistics.median(written) / 1024),
        "peak_rss_mib": round(peak_kib / 1024, 1),
        "rss_before_mib": round(rss_before / 1024, 1),
        "python": platform.python_version(),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs",
    }
    print(json.dumps(result), flush=True)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
