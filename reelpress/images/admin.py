"""Pictures on the editors' desk: an inline on each owner's page (edition, review, person,
author, label) to upload, reorder, caption, describe and delete them.

Every upload goes through ``uploads.prepare`` (decoded, checked, re-encoded); a refused file is
reported on its row and nothing is written. No script of ours is needed: Django's inline rows
and a file input do it all, so the desk's CSP stays as strict as before.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.db import transaction
from django.utils.html import format_html

from reelpress.catalog.models import Release
from reelpress.images import conf, files, renditions, uploads
from reelpress.images.models import KINDS_OF_OWNER, Image, Kind
from reelpress.lib.admin import LabelledTabularInline


class ImageForm(forms.ModelForm):
    upload = forms.FileField(
        required=False,
        label="File",
        help_text="JPEG, PNG, WebP, GIF or AVIF; a new file replaces the picture of this row",
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/jpeg,image/png,image/webp,image/gif,image/avif"}
        ),
    )
    fixed_kind = None  # inlines whose owner has one kind (portrait, logo) show no kind column

    class Meta:
        model = Image
        fields = ["upload", "kind", "alt", "decorative", "caption", "order"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.prepared = None
        stored = self.instance
        self._stored = (
            (stored.sha256, [stored.file, *(r["name"] for r in stored.renditions)]) if stored.pk else None
        )

    def clean_upload(self):
        upload = self.cleaned_data.get("upload")
        if not upload:
            if not self.instance.pk and self.has_changed():
                raise forms.ValidationError("Choose the picture's file.")
            return upload
        if upload.size > conf.max_bytes():
            # Refused before it is read: prepare() would say the same from the bytes.
            raise forms.ValidationError(
                f"“{upload.name}” is {upload.size / 1024 / 1024:.1f} MB; pictures may be at most "
                f"{conf.max_bytes() / 1024 / 1024:.1f} MB."
            )
        try:
            self.prepared = uploads.prepare(upload.read(), upload.name)
        except uploads.ImageRefused as refused:
            raise forms.ValidationError(str(refused)) from None
        finally:
            upload.close()
        return upload

    def _post_clean(self):
        # The model's own checks (alt text, kind for this owner) need the stored facts filled.
        if self.fixed_kind:
            self.instance.kind = self.fixed_kind
        if self.prepared is not None:
            p = self.prepared
            self.instance.sha256, self.instance.width, self.instance.height = p.sha256, p.width, p.height
            self.instance.file = files.master_name(p.sha256, p.format)
            self.instance.bytes = len(p.data)
        super()._post_clean()

    def save(self, commit=True):
        image = super().save(commit=False)
        replaced = None
        if self.prepared is not None:
            if self._stored and self._stored[0] != self.prepared.sha256:
                replaced = self._stored
                image.renditions = []
            uploads.fill(image, self.prepared)
        if commit:
            image.save()
            if self.prepared is not None:
                renditions.schedule(image, self.prepared.pixels)
            if replaced:
                transaction.on_commit(lambda: files.delete_unused(*replaced))
        return image


class ImageInline(LabelledTabularInline):
    """Pictures of one kind of owner; subclasses name the owner field (``fk_name``)."""

    model = Image
    form = ImageForm
    extra = 1
    fields = ["preview", "upload", "kind", "alt", "decorative", "caption", "order"]
    readonly_fields = ["preview"]
    fixed_kind = None

    def get_queryset(self, request):
        return super().get_queryset(request).filter(kind__in=KINDS_OF_OWNER[self.fk_name])

    def get_formset(self, request, obj=None, **kwargs):
        if self.fixed_kind:
            kwargs["form"] = type("FixedKindImageForm", (self.form,), {"fixed_kind": self.fixed_kind})
        return super().get_formset(request, obj, **kwargs)

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "kind":
            kinds = KINDS_OF_OWNER[self.fk_name]
            kwargs["choices"] = [(k.value, k.label) for k in kinds]
            kwargs["initial"] = kinds[0].value
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    @admin.display(description="picture")
    def preview(self, image):
        if not image or not image.pk:
            return ""
        return format_html(
            '<a href="{}"><img src="{}" width="{}" height="{}" alt="{}"></a><br><small>{} × {}</small>',
            image.url,
            image.src(320),
            160,
            image.height_for(160),
            image.alt or f"{image.get_kind_display()} (decorative)",
            image.width,
            image.height,
        )


class ReleaseImageInline(ImageInline):
    fk_name = "release"
    verbose_name = "picture"
    verbose_name_plural = "pictures (front cover, back cover, packaging)"


class ReviewImageInline(ImageInline):
    fk_name = "review"
    verbose_name = "picture"
    verbose_name_plural = "frame captures and lead picture"
    fields = ["preview", "upload", "kind", "alt", "decorative", "caption", "edition", "timecode", "order"]

    def get_formset(self, request, obj=None, **kwargs):
        # formfield_for_foreignkey runs while the formset class is built; it needs the review.
        request._reelpress_review = obj
        return super().get_formset(request, obj, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "edition":
            review = getattr(request, "_reelpress_review", None)
            editions = Release.objects.select_related("label", "film")
            # A capture shows one of the review's film's editions.
            kwargs["queryset"] = editions.filter(film_id=review.film_id) if review else editions.none()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "timecode" and field is not None:
            field.help_text = 'For a capture: "1:23:45"'
        return field


class PersonPortraitInline(ImageInline):
    fk_name = "person"
    fixed_kind = Kind.PORTRAIT
    verbose_name = verbose_name_plural = "portrait"
    max_num = 1
    fields = ["preview", "upload", "alt", "decorative", "caption"]


class AuthorPortraitInline(PersonPortraitInline):
    fk_name = "author"


class LabelLogoInline(ImageInline):
    fk_name = "label"
    fixed_kind = Kind.LOGO
    verbose_name = verbose_name_plural = "logo"
    max_num = 1
    fields = ["preview", "upload", "alt", "decorative"]
