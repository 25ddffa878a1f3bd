#!/usr/bin/env python
"""What a phone downloads to show a review page with its pictures, measured in Chromium.

    .venv/bin/python bench/weight.py                 # phone at 2x and 3x, prints a table
    .venv/bin/python bench/weight.py --json bench/results/weight.json

Builds a fresh site in a temporary folder (the demo content, then a cover, four frame captures and
the critic's portrait on one review, drawn here with Pillow: gradients, shapes and grain, so they
compress like photographs rather than like flat colour), serves it with ``reelpress serve``
(gunicorn, as in production, without a compressing proxy in front) and opens the review in
Debian's Chromium at phone width with an empty cache. Counts every byte the network delivered
(``encodedDataLength``: headers and bodies) up to the load event and network idle, then again
after scrolling to the end (the lazy pictures); names the largest contentful paint and whether the
page preloaded it. Goal (issue 16): under 300 kB on first load, the LCP picture preloaded.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CHROMIUM = "/usr/bin/chromium"
GOAL = 300 * 1000
DEVICES = {
    "phone 390 px, 2x": {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2},
    "phone 390 px, 3x": {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 3},
}

LCP = """() => new Promise(done => {
  let last = null;
  new PerformanceObserver(list => { const e = list.getEntries(); last = e[e.length - 1]; })
    .observe({type: "largest-contentful-paint", buffered: true});
  setTimeout(() => done(last && {
    url: last.url, tag: last.element && last.element.tagName,
    cls: last.element && last.element.closest("picture") && last.element.closest("picture").className,
    time: last.startTime, size: last.size,
  }), 500);
})"""


def drawn(width: int, height: int, seed: int, text: str = "") -> bytes:
    """A picture with a photograph's entropy: a two-colour gradient, soft shapes, film grain."""
    import io

    from PIL import Image, ImageDraw, ImageFilter

    rng = random.Random(seed)
    top, bottom = [tuple(rng.randrange(256) for _ in range(3)) for _ in range(2)]
    ramp = Image.linear_gradient("L").resize((width, height))
    size = (width, height)
    im = Image.composite(Image.new("RGB", size, bottom), Image.new("RGB", size, top), ramp)
    draw = ImageDraw.Draw(im)
    for _ in range(12):
        x, y = rng.randrange(width), rng.randrange(height)
        r = rng.randrange(width // 20, width // 4)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=tuple(rng.randrange(256) for _ in range(3)))
    im = im.filter(ImageFilter.GaussianBlur(width / 150))
    if text:
        where = (width // 10, height // 10)
        ImageDraw.Draw(im).text(where, text, fill=(255, 255, 255), font_size=width // 10)
    grain = Image.effect_noise((width, height), 40).convert("RGB")
    im = Image.blend(im, grain, 0.12)
    out = io.BytesIO()
    im.save(out, "JPEG", quality=92)
    return out.getvalue()


def build_site(data_dir: Path) -> str:
    """Migrate, load the demo, give one review its pictures; the review's path."""
    import django

    django.setup()
    from django.core.management import call_command

    from reelpress.images import uploads
    from reelpress.reviews.models import Review

    call_command("migrate", verbosity=0)
    call_command("demo", verbosity=0)
    public = Review.objects.public().filter(release__isnull=False, author__isnull=False)
    review = public.order_by("published_at").first()
    front = drawn(1500, 2000, 1, review.film.title)
    uploads.add(review.release, front, "front", "cover.jpg", alt=f"Front cover of {review.film.title}")
    for n in range(4):
        uploads.add(
            review,
            drawn(1920, 1080, 10 + n),
            "capture",
            f"capture-{n}.jpg",
            alt=f"Frame {n + 1}",
            caption=f"Capture {n + 1}",
            edition=review.release,
            timecode=dt.timedelta(minutes=10 * n + 5),
        )
    uploads.add(review.author, drawn(800, 800, 99), "portrait", "critic.jpg", alt=f"{review.author.name}")
    return review.get_absolute_url()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            urllib.request.urlopen(url, timeout=2).read()  # noqa: S310 - our own local server
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def measure(browser, url: str, device: dict) -> dict:
    context = browser.new_context(**device, is_mobile=True, has_touch=True)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    seen: dict[str, dict] = {}
    cdp.on("Network.responseReceived", lambda e: seen.setdefault(e["requestId"], {}).update(
        url=e["response"]["url"], type=e["type"]))  # fmt: skip
    cdp.on("Network.loadingFinished", lambda e: seen.setdefault(e["requestId"], {}).update(
        bytes=e["encodedDataLength"]))  # fmt: skip

    def tally():
        done = [r for r in seen.values() if "bytes" in r]
        by_type: dict[str, int] = {}
        for r in done:
            by_type[r.get("type", "Other")] = by_type.get(r.get("type", "Other"), 0) + r["bytes"]
        images = sorted(r["url"].rsplit("/", 1)[-1] for r in done if r.get("type") == "Image")
        total = sum(r["bytes"] for r in done)
        return {"bytes": total, "requests": len(done), "by_type": by_type, "images": images}

    try:
        page.goto(url, wait_until="networkidle")
        lcp = page.evaluate(LCP)
        preloads = page.eval_on_selector_all(
            'link[rel="preload"][as="image"]', "els => els.map(e => e.getAttribute('imagesrcset'))"
        )
        first = tally()
        # Down the page a screen at a time, as a reader does: every lazy picture comes into view.
        height = page.evaluate("document.body.scrollHeight")
        for y in range(0, height + 844, 600):
            page.evaluate(f"window.scrollTo(0, {y})")
            page.wait_for_timeout(150)
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(500)
        scrolled = tally()
    finally:
        context.close()
    lcp_file = (lcp or {}).get("url", "").rsplit("/", 1)[-1]
    return {
        "first_load": first,
        "after_scrolling": scrolled,
        "lcp": lcp,
        "lcp_preloaded": bool(lcp_file) and any(lcp_file in (p or "") for p in preloads),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()

    data_dir = Path(tempfile.mkdtemp(prefix="reelpress-weight-"))
    env = {
        **os.environ,
        "REELPRESS_DATA_DIR": str(data_dir),
        "DATABASE_URL": f"sqlite:///{data_dir / 'weight.sqlite3'}",
        "REELPRESS_IMAGE_RENDITIONS": "inline",
        "DJANGO_SETTINGS_MODULE": "reelpress.settings",
    }
    os.environ.update(env)
    path = build_site(data_dir)
    port = free_port()
    server = subprocess.Popen(  # noqa: S603 - our own command line
        [str(ROOT / ".venv/bin/reelpress"), "serve", "--port", str(port), "--workers", "1"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}{path}"
    results = {}
    try:
        wait_for(url)
        from playwright.sync_api import sync_playwright

        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
            for name, device in DEVICES.items():
                results[name] = measure(browser, url, device)
            browser.close()
    finally:
        server.terminate()
        server.wait(10)

    print(f"Review page {path} (demo content + cover, 4 captures, portrait); goal < {GOAL // 1000} kB")
    print(f"{'device':20} {'first load':>12} {'requests':>9} {'images':>10} {'scrolled':>10}  LCP")
    for name, r in results.items():
        f, s = r["first_load"], r["after_scrolling"]
        lcp = r["lcp"] or {}
        print(
            f"{name:20} {f['bytes'] / 1000:>9.1f} kB {f['requests']:>9} "
            f"{f['by_type'].get('Image', 0) / 1000:>7.1f} kB {s['bytes'] / 1000:>7.1f} kB  "
            f"{lcp.get('tag')} .{lcp.get('cls')} {lcp.get('url', '').rsplit('/', 1)[-1]} "
            f"{'preloaded' if r['lcp_preloaded'] else 'NOT preloaded'}"
        )
        print(f"{'':20} first-load images: {', '.join(f['images'])}")
    if args.json:
        out = {"date": dt.date.today().isoformat(), "path": path, "goal_bytes": GOAL, "results": results}
        Path(args.json).write_text(json.dumps(out, indent=2) + "\n")
    ok = all(r["first_load"]["bytes"] < GOAL and r["lcp_preloaded"] for r in results.values())
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
