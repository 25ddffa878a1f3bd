"""The nginx configuration of docs/operations.md, run for real in front of the site.

The test takes the ``nginx`` block from the document, swaps the TLS lines for loopback ports
and the /srv paths for temporary folders, and starts nginx with it in front of the test server:
static and media files come from disk and revalidate, pages pass through with the reader's
address; a page reaches the site (whose own cache answers) unless REELPRESS_PROXY_MAX_AGE lets nginx keep it.
"""

import http.client
import os
import re
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest
from django.core.signals import request_started

ROOT = Path(__file__).resolve().parents[3]
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"

pytestmark = pytest.mark.skipif(
    not os.path.exists(NGINX), reason="nginx is missing: apt-get install nginx (.ci/run does)"
)


@pytest.fixture
def reached():
    """The paths of the requests that reached the site (not answered by nginx alone)."""
    paths = []

    def remember(sender, environ, **kwargs):
        paths.append(environ["PATH_INFO"])

    request_started.connect(remember)
    yield paths
    request_started.disconnect(remember)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _site_config(tmp: Path, app_port: int, port: int, redirect_port: int) -> str:
    doc = (ROOT / "docs" / "operations.md").read_text()
    block = re.search(r"```nginx\n(.*?)```", doc, re.S).group(1)
    swaps = {
        "/var/cache/nginx/reelpress": str(tmp / "cache"),
        "/srv/reelpress/staticfiles/": f"{tmp / 'static'}/",
        "/srv/reelpress/data/media/": f"{tmp / 'media'}/",
        "server 127.0.0.1:8000;": f"server 127.0.0.1:{app_port};",
        "listen 443 ssl http2;": f"listen 127.0.0.1:{port};",
        "listen 80;": f"listen 127.0.0.1:{redirect_port};",
        "listen [::]:443 ssl http2;": "",
        "listen [::]:80;": "",
    }
    for old, new in swaps.items():
        assert old in block, f"docs/operations.md's nginx block no longer has {old!r}: update this test"
        block = block.replace(old, new)
    return "\n".join(line for line in block.splitlines() if not line.strip().startswith("ssl_certificate"))


@pytest.fixture
def nginx(live_server, tmp_path, settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    app_port = int(live_server.url.rsplit(":", 1)[1])
    port, redirect_port = _free_port(), _free_port()
    shutil.copytree(ROOT / "reelpress" / "site" / "static", tmp_path / "static")
    (tmp_path / "media").mkdir()
    (tmp_path / "media" / "poster.txt").write_text("a picture's bytes")
    (tmp_path / "site.conf").write_text(_site_config(tmp_path, app_port, port, redirect_port))
    user = "user root root;" if os.geteuid() == 0 else ""  # workers must read the test's folders
    temp = " ".join(
        f"{kind}_temp_path {tmp_path / kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    (tmp_path / "nginx.conf").write_text(
        f"{user} daemon off; worker_processes 1; pid {tmp_path / 'nginx.pid'};\n"
        f"error_log {tmp_path / 'error.log'};\n"
        "events { worker_connections 64; }\n"
        f"http {{ include /etc/nginx/mime.types; access_log {tmp_path / 'access.log'}; {temp}\n"
        f"include {tmp_path / 'site.conf'}; }}\n"
    )
    checked = subprocess.run(
        [NGINX, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")], capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stderr
    process = subprocess.Popen([NGINX, "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")])
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.05)
        yield port, redirect_port
    finally:
        process.terminate()
        process.wait(10)


def get(port, path, headers=None, source="127.0.0.1"):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30, source_address=(source, 0))
    try:
        connection.request("GET", path, headers={"Host": "127.0.0.1", **(headers or {})})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


@pytest.mark.django_db(transaction=True)
def test_nginx_serves_static_and_media_from_disk_and_answers_revalidations(nginx, reached):
    port, redirect_port = nginx
    css = (ROOT / "reelpress" / "site" / "static" / "site" / "site.css").read_bytes()
    status, headers, body = get(port, "/static/site/site.css")
    assert status == 200 and body == css
    assert headers["Cache-Control"] == "public, max-age=3600" and "X-Cache" not in headers
    assert get(port, "/static/site/site.css", {"If-None-Match": headers["ETag"]})[0] == 304
    assert get(port, "/static/site/site.css", {"If-Modified-Since": headers["Last-Modified"]})[0] == 304

    status, headers, body = get(port, "/media/poster.txt")
    assert status == 200 and body == b"a picture's bytes"
    assert "immutable" in headers["Cache-Control"] and headers["X-Content-Type-Options"] == "nosniff"
    assert not reached  # the site never saw any of it

    status, headers, _ = get(redirect_port, "/reviews/x/?a=1")
    assert status == 301 and headers["Location"] == "https://127.0.0.1/reviews/x/?a=1"


@pytest.mark.django_db(transaction=True)
def test_pages_pass_through_with_the_readers_address_not_a_forged_one(nginx, stored):
    port, _ = nginx
    review = stored(slug="through-the-proxy")
    seen = []

    def remember(sender, environ, **kwargs):
        seen.append(environ)  # the request's META: the middleware's rewrite shows here afterwards

    request_started.connect(remember)
    try:
        status, headers, body = get(
            port, review.get_absolute_url(), {"X-Forwarded-For": "6.6.6.6"}, source="127.0.0.2"
        )
    finally:
        request_started.disconnect(remember)
    assert status == 200 and b"Them!" in body
    meta = next(m for m in seen if m["PATH_INFO"] == review.get_absolute_url())
    assert meta["HTTP_X_FORWARDED_FOR"] == "6.6.6.6, 127.0.0.2"
    assert meta["REMOTE_ADDR"] == "127.0.0.2"  # the reader nginx saw; the forged hop is ignored
    assert meta["HTTP_X_FORWARDED_PROTO"] == "http" and meta["HTTP_HOST"] == "127.0.0.1"


@pytest.mark.django_db(transaction=True)
def test_pages_reach_the_site_cache_or_are_kept_by_the_proxy_for_s_maxage(nginx, stored, settings, reached):
    port, _ = nginx
    url = stored(slug="kept-by-the-proxy").get_absolute_url()
    # The default: "public, no-cache", which nginx does not keep (a CDN may keep it and
    # revalidate); every reader reaches the site, whose own page cache answers the second.
    status, headers, body = get(port, url)
    assert status == 200 and headers["X-Cache"] == "MISS" and headers["Cache-Control"] == "public, no-cache"
    status, again, body_again = get(port, url)
    assert status == 200 and again["X-Page-Cache"] == "hit" and body_again == body
    assert reached.count(url) == 2
    assert headers["ETag"] == again["ETag"]  # for a CDN's revalidation (nginx, caching, sends none)

    # REELPRESS_PROXY_MAX_AGE: the proxy answers by itself for that long.
    settings.PAGE_CACHE_PROXY_MAX_AGE = 60
    kept = url + "?kept=1"
    assert get(port, kept)[1]["Cache-Control"] == "public, max-age=0, s-maxage=60"
    before = len(reached)
    status, hit, _ = get(port, kept)
    assert status == 200 and hit["X-Cache"] == "HIT" and len(reached) == before

    # An editor (a session cookie) always reaches the site and gets the live page.
    status, editor, _ = get(port, url, {"Cookie": "sessionid=abc"})
    assert status == 200 and editor["X-Cache"] == "BYPASS" and editor["Cache-Control"] == "private, no-store"
    assert reached[-1] == url
