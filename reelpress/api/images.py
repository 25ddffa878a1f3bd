"""Pictures of a review, edition, person, author or label: listed for anyone (as readers see the
owner), uploaded (multipart) and deleted by staff with the desk's rules, through the same
``images.uploads`` checks as the desk."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from ninja import File, Form, Router, Schema
from ninja.errors import HttpError
from ninja.files import UploadedFile

from reelpress.api.auth import write_auth
from reelpress.api.schemas import Error, FieldError, ValidationErrors
from reelpress.catalog import public
from reelpress.catalog.models import Release
from reelpress.images import conf, uploads
from reelpress.images.models import Image
from reelpress.images.records import ImageRecordError, parse_timecode
from reelpress.reviews.models import Author, Review
from reelpress.reviews.permissions import author_of, is_editor, owns
from reelpress.site.address import absolute

router = Router(tags=["images"])

# The path's owner word, and how readers see that kind of owner.
OWNERS = {
    "reviews": lambda: Review.objects.public(),
    "editions": public.releases,
    "people": public.people,
    "authors": lambda: Author.objects.filter(reviews__in=Review.objects.public()).distinct(),
    "labels": public.labels,
}


class RenditionOut(Schema):
    width: int
    height: int
    format: str
    bytes: int
    url: str


class ImageOut(Schema):
    id: int
    kind: str
    alt: str
    decorative: bool
    caption: str
    timecode: str | None
    edition: str | None  # the slug of the edition a capture shows
    order: int
    width: int
    height: int
    sha256: str
    url: str
    renditions: list[RenditionOut]


class UploadFields(Schema):
    kind: str
    alt: str = ""
    caption: str = ""
    decorative: bool = False
    edition: str = ""
    timecode: str = ""
    order: int | None = None


def image_out(image: Image, request) -> dict:
    return {
        "id": image.pk,
        "kind": image.kind,
        "alt": image.alt,
        "decorative": image.decorative,
        "caption": image.caption,
        "timecode": image.timecode_display or None,
        "edition": image.edition.slug if image.edition_id else None,
        "order": image.order,
        "width": image.width,
        "height": image.height,
        "sha256": image.sha256,
        "url": _absolute(image.url, request),
        "renditions": [
            {
                **{k: r[k] for k in ("width", "height", "format", "bytes")},
                "url": _absolute(image.src(r["width"], r["format"]), request),
            }
            for r in image.renditions
        ],
    }


def _absolute(url: str, request) -> str:
    return url if "://" in url else absolute(url, request)


def _owner(kind: str, slug: str, queryset=None):
    if kind not in OWNERS:
        raise Http404("No such kind of owner")
    found = (queryset if queryset is not None else OWNERS[kind]()).filter(slug=slug).first()
    if found is None:
        raise Http404("Not found")
    return found


def _all(kind: str):
    """Every row of that kind, published or not: what staff write to."""
    from reelpress.catalog.models import Label, Person

    return {"reviews": Review, "editions": Release, "people": Person, "authors": Author, "labels": Label}[
        kind
    ].objects.all()


def _check_may(user, owner, action: str) -> None:
    """The desk's rules: staff with the image permission; a critic only on their own review or
    author page (catalogue pages are shared, as on the desk)."""
    if not (user.is_active and user.is_staff and user.has_perm(f"images.{action}_image")):
        raise HttpError(403, f"Only staff allowed to {action} pictures may do this.")
    if is_editor(user):
        return
    if isinstance(owner, Review) and not owns(user, owner):
        raise HttpError(403, "That review belongs to another author.")
    if isinstance(owner, Author) and owner != author_of(user):
        raise HttpError(403, "A critic may change only their own author page.")


@router.get(
    "/{owner_kind}/{slug}/images",
    response={200: list[ImageOut], 404: Error},
    summary="The pictures of a review, edition, person, author or label",
    description="`owner_kind` is one of reviews, editions, people, authors, labels.",
)
def list_images(request, owner_kind: str, slug: str):
    owner = _owner(owner_kind, slug)
    images = Image.objects.filter(**{uploads.owner_field_of(owner): owner}).select_related("edition")
    return [image_out(i, request) for i in images]


@router.post(
    "/{owner_kind}/{slug}/images",
    auth=write_auth,
    # 422: a picture or field refused (FieldError), or a missing or ill-typed part (ValidationErrors).
    response={
        201: ImageOut,
        401: Error,
        403: Error,
        404: Error,
        413: FieldError,
        422: FieldError | ValidationErrors,
    },
    summary="Upload a picture (multipart/form-data)",
    description=(
        "Fields: `file`; `kind` (front, back, packaging for editions; capture or front for reviews; "
        "portrait for people and authors; logo for labels); `alt` (required unless `decorative`); "
        '`caption`; for a capture `edition` (an edition\'s slug) and `timecode` ("1:23:45"); '
        "`order`. The file is decoded and re-encoded; SVG, non-pictures, truncated files and "
        "pictures over the byte or pixel limits are refused with 422 and a message."
    ),
)
def upload_image(request, owner_kind: str, slug: str, file: File[UploadedFile], fields: Form[UploadFields]):
    owner = _owner(owner_kind, slug, _all(owner_kind) if owner_kind in OWNERS else None)
    _check_may(request.auth, owner, "add")
    if file.size > conf.max_bytes():
        return 413, {
            "detail": f"“{file.name}” is {file.size / 1024 / 1024:.1f} MB; pictures may be at most "
            f"{conf.max_bytes() / 1024 / 1024:.1f} MB.",
            "field": "file",
        }
    try:
        prepared = uploads.prepare(file.read(), file.name or "")
    except uploads.ImageRefused as refused:
        return 422, {"detail": str(refused), "field": "file"}
    shown = None
    if fields.edition:
        shown = Release.objects.filter(slug=fields.edition).first()
        if shown is None:
            return 422, {"detail": f"edition: no edition {fields.edition!r}", "field": "edition"}
    try:
        when = parse_timecode(fields.timecode)
    except ImageRecordError as error:
        return 422, {"detail": str(error), "field": "timecode"}
    try:
        with transaction.atomic():
            image = uploads.attach(
                prepared, owner, fields.kind, alt=fields.alt, caption=fields.caption,
                decorative=fields.decorative, edition=shown, timecode=when, order=fields.order,
            )  # fmt: skip
    except ValidationError as error:
        field = next(iter(getattr(error, "message_dict", {"file": None})))
        return 422, {
            "detail": uploads.validation_message(error),
            "field": "kind" if field == "kind" else field,
        }
    return 201, image_out(image, request)


@router.delete(
    "/images/{image_id}",
    auth=write_auth,
    response={204: None, 401: Error, 403: Error, 404: Error, 422: ValidationErrors},
    summary="Delete a picture (its files go once no other picture uses them)",
)
def delete_image(request, image_id: int):
    image = Image.objects.filter(pk=image_id).first()
    if image is None:
        raise Http404("No such picture")
    _check_may(request.auth, image.owner, "delete")
    with transaction.atomic():
        image.delete()
    return 204, None
