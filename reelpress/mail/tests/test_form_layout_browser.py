"""The reader-mail form in Chromium: labels above full-width fields, help under its field, the
pages' serif type, nothing off the edge at 390 or 1280 px."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("width", [390, 1280])
def test_the_letter_form_is_laid_out_as_a_form(live_server, chromium, artifacts, width):
    context = chromium.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    try:
        page.goto(live_server.url + "/mail/#write")
        form = page.locator(".letter-form form").bounding_box()
        for name in ("name", "email", "subject", "message"):
            label = page.locator(f"label[for=id_{name}]").bounding_box()
            field = page.locator(f"#id_{name}").bounding_box()
            assert label["y"] + label["height"] <= field["y"] + 1, name  # label above, not inline
            assert field["width"] >= form["width"] * 0.95, name  # the field takes the form's width
            help_box = page.locator(f"#id_{name}_helptext")
            if help_box.count():
                help_rect = help_box.bounding_box()
                assert help_rect["y"] >= field["y"] + field["height"] - 1, name
                assert help_rect["x"] + help_rect["width"] <= form["x"] + form["width"] + 1, name
        font = page.locator("#id_message").evaluate("el => getComputedStyle(el).fontFamily")
        assert "serif" in font and "sans-serif" not in font
        assert page.locator("#id_message").bounding_box()["height"] >= 150
        assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
        page.locator(".letter-form").screenshot(path=str(artifacts / f"mail-form-{width}.png"))
    finally:
        context.close()
