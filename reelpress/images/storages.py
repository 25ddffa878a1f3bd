"""Where pictures are stored, chosen by the environment (read by settings.py, so no Django here).

``REELPRESS_MEDIA_STORAGE=local`` (default): files under ``<REELPRESS_DATA_DIR>/media``, served
at ``/media/``. ``s3``: any S3-compatible store through django-storages (installed by the
operator: ``pip install django-storages[s3]==1.14.6``), configured by ``REELPRESS_S3_*``.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

# Every stored name carries its content's hash, so a URL's bytes never change.
IMMUTABLE = "public, max-age=31536000, immutable"


def media_storage(env: Mapping[str, str], data_dir: Path) -> tuple[dict, str, Path]:
    """``(STORAGES["default"], MEDIA_URL, MEDIA_ROOT)`` for the environment ``env``."""
    kind = env.get("REELPRESS_MEDIA_STORAGE", "local").strip().lower() or "local"
    root = Path(env.get("REELPRESS_MEDIA_ROOT", "").strip() or data_dir / "media")
    url = env.get("REELPRESS_MEDIA_URL", "").strip() or "/media/"
    if not url.endswith("/"):
        url += "/"
    if kind == "local":
        return (
            {
                "BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": str(root), "base_url": url},
            },
            url,
            root,
        )
    if kind == "s3":
        options = {
            "bucket_name": env.get("REELPRESS_S3_BUCKET", ""),
            "location": env.get("REELPRESS_S3_PREFIX", "media"),
            # Pictures are public: plain URLs, no expiring signatures in cached pages.
            "querystring_auth": False,
            "default_acl": env.get("REELPRESS_S3_ACL") or None,
            "file_overwrite": True,  # the same name is the same content
            "object_parameters": {"CacheControl": IMMUTABLE},
        }
        for option, variable in (
            ("endpoint_url", "REELPRESS_S3_ENDPOINT_URL"),
            ("region_name", "REELPRESS_S3_REGION"),
            ("custom_domain", "REELPRESS_S3_CUSTOM_DOMAIN"),
            ("access_key", "REELPRESS_S3_ACCESS_KEY_ID"),
            ("secret_key", "REELPRESS_S3_SECRET_ACCESS_KEY"),
        ):
            if env.get(variable, "").strip():
                options[option] = env[variable].strip()
        return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}, url, root
    raise ValueError(f"REELPRESS_MEDIA_STORAGE must be 'local' or 's3', not {kind!r}")
