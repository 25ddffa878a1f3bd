"""ReelPress settings: one module, every deployment choice from the environment.

DATABASE_URL    default sqlite:///<REELPRESS_DATA_DIR>/reelpress.sqlite3; postgres://... for PostgreSQL
SECRET_KEY      required in production; without it a key is generated once into the data folder
DEBUG           off unless set to 1
ALLOWED_HOSTS   comma-separated, default 127.0.0.1,localhost
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url

from reelpress.images.storages import media_storage
from reelpress.lib import cacheurl
from reelpress.lib.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(env_str("REELPRESS_DATA_DIR", str(BASE_DIR / "data")))


def _secret_key() -> str:
    key = env_str("SECRET_KEY")
    if key:
        return key
    # Straight after cloning there is no key yet: make one, keep it in the data folder (0600).
    # Several processes may start at once (workers, parallel tests): the key is written whole to
    # a file of this process's own and linked into place, so the first one wins and nobody ever
    # reads a half-written or second key.
    path = DATA_DIR / "secret_key"
    try:
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        if not path.exists():
            mine = DATA_DIR / f".secret_key.{os.getpid()}"
            # 0600 from its creation: the key is never readable by others, not even briefly.
            with os.fdopen(os.open(mine, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as out:
                out.write(secrets.token_urlsafe(50))
            try:
                os.link(mine, path)
            except FileExistsError:
                pass
            except OSError:  # a file system without hard links: last one wins, still whole
                os.replace(mine, path)
            finally:
                mine.unlink(missing_ok=True)
        return path.read_text().strip()
    except OSError:
        return secrets.token_urlsafe(50)


SECRET_KEY = _secret_key()
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_NAME = env_str("REELPRESS_SITE_NAME", "ReelPress")
# The site's public address; without REELPRESS_SITE_URL pages follow the request and emails and
# commands the address `reelpress serve` binds (reelpress/site/address.py).
SITE_URL_CONFIGURED = bool(env_str("REELPRESS_SITE_URL").strip())
_host = env_str("HOST", "127.0.0.1")
_host = "127.0.0.1" if _host in ("", "0.0.0.0", "::") else (f"[{_host}]" if ":" in _host else _host)  # noqa: S104
SITE_URL = (env_str("REELPRESS_SITE_URL").strip() or f"http://{_host}:{env_int('PORT', 8000)}").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "axes",
    "csp",
    "reelpress.site",
    "reelpress.catalog",
    "reelpress.reviews",
    "reelpress.images",
    "reelpress.search",
    "reelpress.mail",
    "reelpress.ingest",
    "reelpress.api",
    "reelpress.counts",
    "reelpress.pagecache",
    # Only for its templates and static files: /api/docs serves Swagger UI from the site itself.
    "ninja",
]

MIDDLEWARE = [
    "reelpress.site.middleware.forwarded_client",  # first: everything after sees the client's address
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before sessions, CSRF, auth and messages: a cached page for an anonymous reader needs none.
    "reelpress.pagecache.middleware.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "reelpress.site.middleware.permissions_policy",
    "axes.middleware.AxesMiddleware",  # last: turns a lockout into its 429 page
]

# Content-Security-Policy (django-csp): scripts, styles and everything else from this site only;
# no inline script or style anywhere (JSON-LD is a data block, which CSP does not run). Images
# may come from any HTTPS address: imported reviews link images where they always were.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", "https:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# Browser features no page of the site uses, switched off for it and anything it embeds.
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)

# Login throttling (django-axes): after REELPRESS_LOGIN_FAILURE_LIMIT wrong passwords an
# account is locked whatever the address, and an address is locked whatever the account, for
# REELPRESS_LOGIN_LOCKOUT_MINUTES (0: until an operator unlocks: `reelpress axes_reset_username`).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("REELPRESS_LOGIN_FAILURE_LIMIT", 5)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_COOLOFF_TIME = timedelta(minutes=env_int("REELPRESS_LOGIN_LOCKOUT_MINUTES", 60)) or None
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

ROOT_URLCONF = "reelpress.urls"
WSGI_APPLICATION = "reelpress.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            # {% url %} with its answers kept: a page prints dozens of addresses.
            "builtins": ["reelpress.lib.url_tag"],
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "reelpress.site.context.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'reelpress.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
    )
}
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# SQLite's memory, per connection and per database file (the site's and the search index's):
# a private page cache of SQLITE_CACHE_MB (every thread of every worker has its own connection)
# and up to SQLITE_MMAP_MB of the file mapped, shared by all processes through the kernel's page
# cache. Imports and rebuilds gain from a big private cache; `reelpress serve` lowers both for
# its workers (see serve.WORKER_SQLITE), where the kernel's page cache does the sharing.
SQLITE_CACHE_MB = max(1, env_int("REELPRESS_SQLITE_CACHE_MB", 64))
SQLITE_MMAP_MB = max(0, env_int("REELPRESS_SQLITE_MMAP_MB", 256))
SQLITE_MEMORY_PRAGMAS = (f"cache_size=-{SQLITE_CACHE_MB * 1024}", f"mmap_size={SQLITE_MMAP_MB * 1024 * 1024}")
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers run beside one writer; IMMEDIATE takes the write lock at BEGIN so
        # two writers queue on busy_timeout instead of failing with "database is locked".
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
            + "".join(f"PRAGMA {pragma}; " for pragma in SQLITE_MEMORY_PRAGMAS)
            + "PRAGMA temp_store=MEMORY;"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = env_str("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# Pictures (reelpress/images, docs/images.md): the local media folder under the data folder by
# default, or an S3-compatible store (REELPRESS_MEDIA_STORAGE=s3, REELPRESS_S3_*).
_media, MEDIA_URL, MEDIA_ROOT = media_storage(os.environ, DATA_DIR)
STORAGES = {
    "default": _media,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# The site answers /media/ itself (with immutable cache headers) when the files are local; in
# production the reverse proxy serves that folder first (docs/operations.md).
REELPRESS_SERVE_MEDIA = env_bool(
    "REELPRESS_SERVE_MEDIA", STORAGES["default"]["BACKEND"].endswith("FileSystemStorage")
)
# Refused beyond these (docs/images.md): bytes of an upload, and pixels (width x height) of a
# picture, checked from its header before it is decoded, which stops decompression bombs.
REELPRESS_IMAGE_MAX_BYTES = env_int("REELPRESS_IMAGE_MAX_BYTES", 30 * 1024 * 1024)
REELPRESS_IMAGE_MAX_PIXELS = env_int("REELPRESS_IMAGE_MAX_PIXELS", 50_000_000)
# The kept master is scaled down to this longest side (pixels).
REELPRESS_IMAGE_MASTER_MAX_SIDE = env_int("REELPRESS_IMAGE_MASTER_MAX_SIDE", 3840)
REELPRESS_IMAGE_WIDTHS = [int(w) for w in env_list("REELPRESS_IMAGE_WIDTHS", "320,640,960,1280,1920")]
# Rendition formats besides the JPEG fallback; AVIF is used only when Pillow can write it.
REELPRESS_IMAGE_FORMATS = env_list("REELPRESS_IMAGE_FORMATS", "avif,webp")
# "background": renditions are made after the upload's transaction commits, on one worker thread
# per process; "inline": before the request answers (tests; commands use it for their batches).
REELPRESS_IMAGE_RENDITIONS = env_str("REELPRESS_IMAGE_RENDITIONS", "background")

# "default" is per process (rendered Markdown, keyed by a hash of the text: never stale);
# "pages" is the page cache every worker shares (reelpress/pagecache, lib/cacheurl.py for CACHE_URL).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "reelpress",
        "OPTIONS": {"MAX_ENTRIES": 2000},
    },
    "pages": cacheurl.parse(
        env_str("CACHE_URL", f"file://{DATA_DIR / 'cache' / 'pages'}"),
        max_entries=env_int("REELPRESS_PAGE_CACHE_ENTRIES", 50_000),
    ),
}
PAGE_CACHE = env_bool("REELPRESS_PAGE_CACHE", True)
PAGE_CACHE_ALIAS = "pages"
# Apps whose rows public pages show: a committed write to any of their tables retires every
# cached page (reelpress/pagecache/generation.py). A new public app adds its label here.
PAGE_CACHE_APPS = ["catalog", "reviews", "mail", "search", "images"]
PAGE_CACHE_SKIP_PATHS = ["/admin/"]
PAGE_CACHE_TIMEOUT = env_int("REELPRESS_PAGE_CACHE_SECONDS", 24 * 60 * 60)
PAGE_CACHE_LOCAL_BYTES = env_int("REELPRESS_PAGE_CACHE_LOCAL_MB", 16) * 1024 * 1024
# Seconds a shared cache (CDN, proxy) may serve a page without asking again; 0: it may keep
# pages but revalidates each time (a 304 from the cache here), so it is never stale.
PAGE_CACHE_PROXY_MAX_AGE = env_int("REELPRESS_PROXY_MAX_AGE", 0)

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "ReelPress <noreply@localhost>")
REELPRESS_EDITOR_EMAILS = env_list("REELPRESS_EDITOR_EMAILS", "editor@localhost")
# Reader mail rate limits (letters per hour; 0 switches a limit off). Behind a proxy every
# reader shares one REMOTE_ADDR unless REELPRESS_TRUSTED_PROXIES names it (docs/operations.md).
REELPRESS_MAIL_PER_ADDRESS_PER_HOUR = env_int("REELPRESS_MAIL_PER_ADDRESS_PER_HOUR", 5)
REELPRESS_MAIL_PER_IP_PER_HOUR = env_int("REELPRESS_MAIL_PER_IP_PER_HOUR", 30)
# Time one search (or suggestion) may spend in the database before it answers with what it has.
SEARCH_BUDGET_MS = env_int("REELPRESS_SEARCH_BUDGET_MS", 600)

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)
# Commitments for every subdomain and for browsers' preload list: hard to take back, so asked for.
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
# Reverse proxies (addresses or networks) whose X-Forwarded-For names the client: behind them
# REMOTE_ADDR becomes the client's address (site/middleware.py). Empty: REMOTE_ADDR is the peer.
TRUSTED_PROXIES = env_list("REELPRESS_TRUSTED_PROXIES")
if env_bool("BEHIND_HTTPS_PROXY", False):
    # Only behind a proxy that sets this header itself; otherwise clients could forge it.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
