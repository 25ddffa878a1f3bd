"""In Chromium: an editor uploads a cover and two captures through the desk and a reader sees
them on the review page, a phone and a desktop each loading the rendition its screen needs; the
editions' frame-by-frame comparison works with the keyboard alone, and without script shows the
two pictures side by side, each labelled."""

import re

import pytest

from reelpress.images.models import Image
from reelpress.images.tests.samples import jpeg
from reelpress.images.tests.shown import capture, cover

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}
DESKTOP = {"viewport": {"width": 1280, "height": 900}, "device_scale_factor": 1}

# Layout shifts are summed as the page loads (buffered entries include those before the script).
CLS = """() => new Promise(done => {
  let total = 0;
  new PerformanceObserver(list => {
    for (const e of list.getEntries()) if (!e.hadRecentInput) total += e.value;
  }).observe({type: "layout-shift", buffered: true});
  setTimeout(() => done(total), 300);
})"""

RENDITION = re.compile(r"-(\d+)-[0-9a-f]{10}\.\w+$")

LOADED = """img => new Promise(done => {
  const report = () => done({
    src: img.currentSrc, natural: img.naturalWidth, shown: img.getBoundingClientRect().width,
    dpr: window.devicePixelRatio,
  });
  if (img.complete && img.naturalWidth) report(); else img.addEventListener("load", report, {once: true});
})"""


def log_in(page, live_server):
    page.goto(live_server.url + "/admin/login/?next=/admin/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "editor-pass-123")
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")


def save_and_continue(page):
    page.click("input[name=_continue]")
    page.wait_for_load_state()
    assert page.locator(".errorlist").count() == 0, page.locator(".errorlist").all_inner_texts()


def upload_capture(page, row, path, alt, caption, timecode, edition_label):
    page.set_input_files(f"#id_images-{row}-upload", str(path))
    page.select_option(f"#id_images-{row}-kind", "capture")
    page.fill(f"#id_images-{row}-alt", alt)
    page.fill(f"#id_images-{row}-caption", caption)
    page.select_option(f"#id_images-{row}-edition", label=edition_label)
    page.fill(f"#id_images-{row}-timecode", timecode)
    save_and_continue(page)


def seen(chromium, url, device, artifacts, name):
    """What a reader's browser loaded for each picture of the review page on ``device``."""
    context = chromium.new_context(**device)
    page = context.new_page()
    try:
        page.goto(url)
        page.wait_for_load_state("load")
        shift = page.evaluate(CLS)
        found = {}
        for key, selector in (("cover", ".review__cover img"), ("capture", ".gallery img")):
            for n, img in enumerate(page.locator(selector).all()):
                img.scroll_into_view_if_needed()
                loaded = img.evaluate(LOADED)
                # naturalWidth is in CSS pixels (divided by the candidate's density): the file's own
                # width is in its name, "<hash>-<width>-<hash>.<format>".
                loaded["pixels"] = int(RENDITION.search(loaded["src"]).group(1))
                found[f"{key}{n}"] = loaded
        page.screenshot(path=str(artifacts / f"pictures-review-{name}.png"), full_page=True)
        return found, shift
    finally:
        context.close()


def test_an_editor_uploads_a_cover_and_two_captures_and_readers_see_them(
    live_server, page, chromium, editor, stored, tmp_path, artifacts
):
    review = stored(slug="them", headline="Them!")
    files = {
        "cover": jpeg(1500, 2000, (200, 170, 30)),
        "one": jpeg(1920, 1080, (30, 40, 80)),
        "two": jpeg(1920, 1080, (80, 30, 30)),
    }
    for name, data in files.items():
        (tmp_path / f"{name}.jpg").write_bytes(data)
    log_in(page, live_server)

    page.goto(live_server.url + f"/admin/catalog/release/{review.release_id}/change/")
    page.set_input_files("#id_images-0-upload", str(tmp_path / "cover.jpg"))
    page.fill("#id_images-0-alt", "Front cover: a giant ant over the desert")
    save_and_continue(page)

    page.goto(live_server.url + f"/admin/reviews/review/{review.pk}/change/")
    edition = "Them! (1954), Blu-ray, Warner Archive Collection"
    options = page.locator("#id_images-0-edition option").all_inner_texts()
    edition = next(o for o in options if "Blu-ray" in o)
    upload_capture(page, 0, tmp_path / "one.jpg", "Soldiers at the nest", "The nest", "0:12:34", edition)
    upload_capture(page, 1, tmp_path / "two.jpg", "The storm drains", "The drains", "1:02:03", edition)
    assert sorted(Image.objects.values_list("kind", flat=True)) == ["capture", "capture", "front"]

    url = live_server.url + review.get_absolute_url()
    phone, phone_shift = seen(chromium, url, PHONE, artifacts, "phone")
    desktop, desktop_shift = seen(chromium, url, DESKTOP, artifacts, "desktop")
    assert set(phone) == set(desktop) == {"cover0", "capture0", "capture1"}
    for device, loaded in (("phone", phone), ("desktop", desktop)):
        for key, img in loaded.items():
            needed = img["shown"] * img["dpr"]
            # A modern format, sharp enough for the screen, and not the biggest file there is.
            assert img["src"].endswith((".avif", ".webp")), (device, key, img)
            assert img["pixels"] >= needed * 0.95, (device, key, img)
            assert img["pixels"] < max(needed * 2, 330), (device, key, img)
    # A phone's full-width capture at 2x needs more pixels than the desktop's two-column one.
    for key in ("capture0", "capture1"):
        assert phone[key]["src"] != desktop[key]["src"]
        assert phone[key]["pixels"] > desktop[key]["pixels"]
    # Width and height on every <img>: pictures arriving do not push the text around.
    assert phone_shift < 0.02 and desktop_shift < 0.02, (phone_shift, desktop_shift)


@pytest.fixture
def compared(stored):
    dvd = stored(slug="them-dvd", disc_format="DVD", street_date="2002-08-06", label="Warner Home Video")
    bluray = stored(slug="them-bluray", reviewer="Bo Critic")
    capture(dvd, dvd.release, "0:12:34", "Soft", color=(20, 20, 20), alt="Soldiers at the nest, DVD")
    capture(
        bluray, bluray.release, "0:12:34", "Sharp", color=(200, 200, 200), alt="Soldiers at the nest, Blu-ray"
    )
    return dvd.film


def test_the_edition_comparison_works_with_the_keyboard_alone(live_server, page, compared, artifacts):
    page.goto(live_server.url + compared.get_absolute_url())
    slider = page.get_by_role("slider", name="Slide between DVD, Warner Home Video, 2002 (left) and Blu-ray")
    for _ in range(80):  # Tab through the page until the slider has the focus
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.type") == "range":
            break
    assert page.evaluate("document.activeElement.id") == slider.get_attribute("id")
    # The focus is visible.
    assert slider.evaluate("el => getComputedStyle(el).outlineStyle") != "none"
    top = page.locator(".shot-compare__frame.is-top")
    assert "Blu-ray" in top.get_attribute("data-edition")
    assert top.evaluate("el => getComputedStyle(el).clipPath") == "inset(0px 0px 0px 50%)"

    for _ in range(10):
        page.keyboard.press("ArrowRight")
    assert slider.input_value() == "60"
    assert top.evaluate("el => getComputedStyle(el).clipPath") == "inset(0px 0px 0px 60%)"
    assert slider.get_attribute("aria-valuetext") == (
        "DVD, Warner Home Video, 2002 on the left 60%, "
        "Blu-ray, Warner Archive Collection, 2014 on the right 40%"
    )
    page.keyboard.press("End")
    assert top.evaluate("el => getComputedStyle(el).clipPath") == "inset(0px 0px 0px 100%)"
    page.keyboard.press("Home")
    assert slider.input_value() == "0"
    assert top.evaluate("el => getComputedStyle(el).clipPath") == "inset(0px 0px 0px 0%)"
    page.keyboard.press("ArrowRight")
    page.screenshot(path=str(artifacts / "pictures-compare-keyboard.png"), full_page=True)
    # The two pictures are one on top of the other, labels on their own sides.
    boxes = [f.bounding_box() for f in page.locator(".shot-compare__frame").all()]
    assert boxes[0]["x"] == boxes[1]["x"] and boxes[0]["y"] == boxes[1]["y"]


def test_with_three_editions_the_keyboard_chooses_the_pair(live_server, page, compared, stored):
    four_k = stored(slug="them-4k", disc_format="4K Ultra HD", street_date="2024-05-07", reviewer="Cy Critic")
    capture(four_k, four_k.release, "0:12:34", "Sharper", alt="Soldiers at the nest, 4K")
    page.goto(live_server.url + compared.get_absolute_url())
    right = page.get_by_label("Right side")
    right.focus()
    page.keyboard.press("ArrowDown")  # Blu-ray -> 4K
    assert "4K Ultra HD" in page.locator(".shot-compare__frame.is-top").get_attribute("data-edition")
    assert page.locator(".shot-compare__frame:not([hidden])").count() == 2
    left = page.get_by_label("Left side")
    left.focus()
    page.keyboard.press("ArrowDown")  # DVD -> Blu-ray
    assert "Blu-ray" in page.locator(".shot-compare__frame.is-base").get_attribute("data-edition")
    assert "4K" in page.get_by_role("slider").get_attribute("aria-valuetext")


def test_without_script_the_comparison_is_two_labelled_pictures(live_server, chromium, compared, artifacts):
    context = chromium.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(live_server.url + compared.get_absolute_url())
        frames = page.locator(".shot-compare__frame").all()
        assert len(frames) == 2
        assert page.locator(".shot-compare input[type=range]").count() == 0
        boxes = [f.locator("img").bounding_box() for f in frames]
        assert boxes[0]["x"] + boxes[0]["width"] <= boxes[1]["x"]  # side by side, not stacked
        assert [f.locator("figcaption strong").inner_text() for f in frames] == [
            "DVD, Warner Home Video, 2002",
            "Blu-ray, Warner Archive Collection, 2014",
        ]
        assert all(f.locator("figcaption").is_visible() for f in frames)
        page.screenshot(path=str(artifacts / "pictures-compare-no-script.png"), full_page=True)
    finally:
        context.close()


def test_the_editions_table_shows_each_cover_at_thumbnail_size(live_server, page, compared):
    # A <picture> is inline: a width on it is ignored unless it is a block, and each cover then
    # filled its column (one 4K cover was drawn 530 px wide beside a 310 px DVD cover).
    for review in compared.reviews.all():
        cover(review.release, alt=f"Front cover of the {review.release.disc_format}")
    page.goto(live_server.url + compared.get_absolute_url())
    covers = page.locator(".compare__cover img").all()
    assert len(covers) == 2
    rem = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    for img in covers:
        assert img.bounding_box()["width"] <= 7 * rem + 1
