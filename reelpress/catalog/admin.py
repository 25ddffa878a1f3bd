"""The catalogue on the editors' desk: films with their credits, people, labels, releases.

Natural keys (folded title + year, folded name, film + label + format + street date) are the
same ones ``ingest.store`` upserts by, so a film made here is the film a later import finds.
The forms fill the hidden key columns, refuse a second row with the same key (with a message
naming the row that has it) and make a slug when the editor leaves it empty.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db import models
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html

from reelpress.catalog.merge import MergeError, merge
from reelpress.catalog.models import (
    AlternateTitle,
    AudioTrack,
    Credit,
    Extra,
    Film,
    Label,
    Person,
    Release,
    SubtitleTrack,
)
from reelpress.images.admin import LabelLogoInline, PersonPortraitInline, ReleaseImageInline
from reelpress.lib.admin import LabelledTabularInline
from reelpress.lib.text import fold, unique_slug

# Editors paste bare "example.com" links; read them as https (Django 6's default) from today.
HTTPS_URLS = {models.URLField: {"assume_scheme": "https"}}


def https_formfield(db_field, **kwargs):
    """``Meta.formfield_callback`` for forms outside the admin's own callback: same https rule."""
    if isinstance(db_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return db_field.formfield(**kwargs)


def admin_link(obj, text=None):
    """A link to an object's change page on the desk."""
    opts = obj._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    return format_html('<a href="{}">{}</a>', url, text if text is not None else str(obj))


# What the merge page shows of each row, per model: (heading, annotation).
_MERGE_COUNTS = {
    Film: [
        ("reviews", Count("reviews", distinct=True)),
        ("editions", Count("releases", distinct=True)),
        ("credits", Count("credits", distinct=True)),
    ],
    Person: [("credits", Count("credits", distinct=True)), ("films", Count("credits__film", distinct=True))],
    Label: [("editions", Count("releases", distinct=True))],
}
_MERGE_WORDS = {
    Film: ("credits, editions, reviews and alternate titles", "alternate titles of the film that stays"),
    Person: ("credits", "names that lead to the person who stays"),
    Label: ("editions", "names that lead to the label that stays"),
}


@admin.action(description="Merge the selected duplicates into one…", permissions=["delete"])
def merge_selected(modeladmin, request, queryset):
    """Two steps, as Django's delete action: a page to pick the survivor, then the merge (catalog.merge)."""
    model = queryset.model
    if request.POST.get("post") == "yes":
        survivor = queryset.filter(pk=request.POST.get("survivor")).first()
        if survivor is None:
            modeladmin.message_user(request, "Pick the one that stays.", messages.ERROR)
            return None
        try:
            report = merge(survivor, [obj for obj in queryset if obj.pk != survivor.pk])
        except MergeError as exc:
            modeladmin.message_user(request, f"Nothing merged: {exc}.", messages.ERROR)
            return None
        modeladmin.message_user(request, report.summary(), messages.SUCCESS)
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[survivor.pk])
        return HttpResponseRedirect(url)
    if queryset.count() < 2:
        modeladmin.message_user(request, "Select at least two rows to merge.", messages.WARNING)
        return None
    counts = _MERGE_COUNTS[model]
    annotated = queryset.annotate(**{f"n_{heading}": count for heading, count in counts})
    rows = [{"obj": obj, "counts": [getattr(obj, f"n_{h}") for h, _ in counts]} for obj in annotated]
    moves, becomes = _MERGE_WORDS[model]
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": f"Merge {model._meta.verbose_name_plural}",
        "opts": model._meta,
        "queryset": queryset,
        "rows": rows,
        "headings": [heading for heading, _ in counts],
        "moves": moves,
        "becomes": becomes,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "admin/catalog/merge.html", context)


class KeyedForm(forms.ModelForm):
    """A form over a model with a natural key and a slug; subclasses say how both are made."""

    slug_max_length = 80

    def natural_key_clash(self, cleaned):
        """Return the other row with the same natural key, or None."""
        return None

    def slug_text(self, cleaned) -> str:
        raise NotImplementedError

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            self.fields["slug"].required = False
            self.fields["slug"].help_text = "Left empty, it is made from the name."

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        clash = self.natural_key_clash(cleaned)
        if clash is not None:
            raise forms.ValidationError(
                format_html(
                    "{} “{}” already exists with the same name; edit that one instead: {}",
                    clash._meta.verbose_name.capitalize(),
                    clash,
                    admin_link(clash, "open it"),
                ),
                code="natural_key",
            )
        if "slug" in self.fields and not cleaned.get("slug"):
            cleaned["slug"] = unique_slug(
                self._meta.model,
                self.slug_text(cleaned),
                exclude_pk=self.instance.pk,
                max_length=self.slug_max_length,
            )
        return cleaned


def _others(model, instance, **key):
    return model._default_manager.filter(**key).exclude(pk=instance.pk).first()


# --- films -------------------------------------------------------------------------------


class FilmForm(KeyedForm):
    class Meta:
        model = Film
        fields = [
            "title", "year", "slug", "original_title", "color", "aspect_ratio", "runtime_minutes", "country",
            "language",
        ]  # fmt: skip

    def natural_key_clash(self, cleaned):
        return _others(Film, self.instance, title_key=fold(cleaned.get("title")), year=cleaned.get("year"))

    def slug_text(self, cleaned):
        year = cleaned.get("year")
        return f"{cleaned['title']} {year}" if year else cleaned["title"]


class AlternateTitleInline(LabelledTabularInline):
    model = AlternateTitle
    extra = 0
    fields = ["title", "order"]


class CreditInline(LabelledTabularInline):
    """The film's credits: one row per person per role; cast in billing order."""

    model = Credit
    extra = 1
    autocomplete_fields = ["person"]
    fields = ["person", "role", "role_label", "character", "order"]


@admin.register(Film)
class FilmAdmin(admin.ModelAdmin):
    form = FilmForm
    actions = [merge_selected]
    list_display = ["title", "year", "original_title", "country", "runtime_minutes"]
    list_filter = ["color"]
    search_fields = ["title", "original_title", "alternate_titles__title"]
    prepopulated_fields = {"slug": ("title", "year")}
    inlines = [AlternateTitleInline, CreditInline]
    fieldsets = [
        (None, {"fields": ["title", "year", "slug", "original_title"]}),
        ("Facts", {"fields": ["color", "aspect_ratio", "runtime_minutes", "country", "language"]}),
    ]

    def save_model(self, request, obj, form, change):
        obj.title_key = fold(obj.title)
        super().save_model(request, obj, form, change)


# --- people ------------------------------------------------------------------------------


class PersonForm(KeyedForm):
    class Meta:
        model = Person
        fields = ["name", "disambiguator", "slug", "bio"]

    def natural_key_clash(self, cleaned):
        return _others(
            Person,
            self.instance,
            name_key=fold(cleaned.get("name")),
            disambiguator=cleaned.get("disambiguator") or "",
        )

    def slug_text(self, cleaned):
        return " ".join(p for p in (cleaned["name"], cleaned.get("disambiguator")) if p)


class PersonCreditInline(LabelledTabularInline):
    """A person's credits, read-only here: credits are edited on the film they belong to."""

    model = Credit
    fk_name = "person"
    extra = 0
    fields = ["film_link", "role_shown", "character", "order"]
    readonly_fields = fields
    can_delete = False
    verbose_name_plural = "credits (edit them on the film)"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("film").order_by("film__year", "film__title")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="film")
    def film_link(self, credit):
        return admin_link(credit.film)

    @admin.display(description="role")
    def role_shown(self, credit):
        return credit.display_role


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    form = PersonForm
    actions = [merge_selected]
    list_display = ["name", "disambiguator", "slug"]
    search_fields = ["name", "disambiguator"]
    prepopulated_fields = {"slug": ("name", "disambiguator")}
    fields = ["name", "disambiguator", "slug", "bio"]
    inlines = [PersonPortraitInline, PersonCreditInline]

    def save_model(self, request, obj, form, change):
        obj.name_key = fold(obj.name)
        super().save_model(request, obj, form, change)


# --- labels ------------------------------------------------------------------------------


class LabelForm(KeyedForm):
    class Meta:
        model = Label
        formfield_callback = https_formfield
        fields = ["name", "slug", "website"]

    def natural_key_clash(self, cleaned):
        return _others(Label, self.instance, name_key=fold(cleaned.get("name")))

    def slug_text(self, cleaned):
        return cleaned["name"]


@admin.register(Label)
class LabelAdmin(admin.ModelAdmin):
    form = LabelForm
    actions = [merge_selected]
    formfield_overrides = HTTPS_URLS
    list_display = ["name", "website"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ("name",)}
    fields = ["name", "slug", "website"]
    inlines = [LabelLogoInline]

    def save_model(self, request, obj, form, change):
        obj.name_key = fold(obj.name)
        super().save_model(request, obj, form, change)


# --- releases ----------------------------------------------------------------------------


class ReleaseForm(KeyedForm):
    slug_max_length = 150

    class Meta:
        model = Release
        formfield_callback = https_formfield
        fields = [
            "film", "label", "disc_format", "street_date", "slug", "spine_number", "region", "packaging",
            "extras_subtitled", "retailer", "retailer_url", "price_note",
        ]  # fmt: skip

    def natural_key_clash(self, cleaned):
        if not cleaned.get("film"):
            return None
        return _others(
            Release,
            self.instance,
            film=cleaned["film"],
            label=cleaned.get("label"),
            format_key=fold(cleaned.get("disc_format")),
            street_date=cleaned.get("street_date"),
        )

    def slug_text(self, cleaned):
        # The same recipe as the importer's, so both make the same slug for the same edition.
        label = cleaned.get("label")
        parts = (cleaned["film"].slug, cleaned.get("disc_format") or "", label.name if label else "")
        return " ".join(p for p in parts if p)


class AudioTrackInline(LabelledTabularInline):
    model = AudioTrack
    extra = 1
    fields = ["description", "order"]


class SubtitleTrackInline(LabelledTabularInline):
    model = SubtitleTrack
    extra = 1
    fields = ["language", "order"]


class ExtraInline(LabelledTabularInline):
    model = Extra
    extra = 1
    fields = ["text", "order", "runtime_minutes"]
    readonly_fields = ["runtime_minutes"]


@admin.register(Release)
class ReleaseAdmin(admin.ModelAdmin):
    form = ReleaseForm
    formfield_overrides = HTTPS_URLS
    list_display = ["__str__", "disc_format", "label", "street_date", "region"]
    list_select_related = ["film", "label"]
    list_filter = ["disc_format", "region"]
    search_fields = ["film__title", "label__name", "disc_format", "spine_number"]
    date_hierarchy = "street_date"
    autocomplete_fields = ["film", "label"]
    inlines = [ReleaseImageInline, AudioTrackInline, SubtitleTrackInline, ExtraInline]
    fieldsets = [
        (None, {"fields": ["film", "label", "disc_format", "street_date", "slug"]}),
        ("Disc", {"fields": ["spine_number", "region", "packaging", "extras_subtitled"]}),
        ("Where to buy", {"fields": ["retailer", "retailer_url", "price_note"]}),
    ]

    def save_model(self, request, obj, form, change):
        obj.format_key = fold(obj.disc_format)
        super().save_model(request, obj, form, change)
