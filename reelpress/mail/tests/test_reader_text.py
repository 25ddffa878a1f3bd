"""Whatever a reader types, the page renders it as text and nothing breaks."""

from django.test import override_settings
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from reelpress.mail.models import Letter
from reelpress.mail.text import clean_multiline, render_paragraphs

_TRICKY = st.sampled_from(
    [
        "<",
        ">",
        "&",
        '"',
        "'",
        "<script>",
        "</p>",
        "\x00",
        "\r\n",
        "\n\n",
        "https://x.org/a?b=1&c=<2>",
        "javascript:",
    ]
)
reader_text = st.lists(st.one_of(st.text(max_size=20), _TRICKY), max_size=12).map("".join)


@given(reader_text, st.booleans())
def test_rendered_text_holds_only_paragraphs_breaks_and_safe_links(text, links):
    html = str(render_paragraphs(text, links=links))
    tree = HTMLParser(f"<div id=root>{html}</div>")
    root = tree.css_first("#root")
    tags = {node.tag for node in root.traverse() if node.tag not in ("-text", "div")}
    assert tags <= ({"p", "br", "a"} if links else {"p", "br"})
    for a in root.css("a"):
        assert a.attributes["href"].startswith(("http://", "https://"))
        assert a.attributes["rel"] == "nofollow ugc noopener"
    # Every character the reader typed (bar controls and spacing) is still there, as text.
    visible = "".join(clean_multiline(text).split())
    assert "".join(root.text(deep=True).split()) == visible


@override_settings(REELPRESS_MAIL_PER_ADDRESS_PER_HOUR=0, REELPRESS_MAIL_PER_IP_PER_HOUR=0)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=reader_text, subject=reader_text, message=reader_text)
def test_any_letter_is_stored_or_refused_never_an_error(client, letter_data, publish, name, subject, message):
    response = client.post(
        reverse("mail:index"), {**letter_data, "name": name, "subject": subject, "message": message}
    )
    assert response.status_code in (302, 400)
    if response.status_code == 302:
        letter = Letter.objects.latest("id")
        publish(letter)
        assert client.get(reverse("mail:index")).status_code == 200
        assert client.get(letter.get_absolute_url()).status_code == 200


def test_a_link_has_a_lower_case_scheme_and_a_url_no_browser_follows_stays_text():
    """Two cases Hypothesis found: an upper-case scheme, and URLs the sanitiser cannot parse
    (which used to leave an <a> without an href)."""
    html = str(render_paragraphs("See HTTP://Example.org/a and http://[ or http://x:99999 too", links=True))
    links = HTMLParser(html).css("a")
    assert [a.attributes["href"] for a in links] == ["http://Example.org/a"]
    assert links[0].text() == "HTTP://Example.org/a"
    assert "http://[ or http://x:99999 too" in HTMLParser(html).text()
