"""The editors' desk for reviews: a critic writes a whole review on one screen; columns; authors.

Critics see and edit only their own reviews and columns (their ``Author`` is linked to their
user); editors and superusers edit everything (see ``reviews.permissions``).

The admin writes the models straight from its forms and inlines, inside the transaction
Django already opens for a change form, and then does what ``ingest.store.save`` does after a
write: ``record_hash`` is cleared so a later import of the same page is not mistaken for
"unchanged"; the search entry is rewritten in the same transaction by ``search.signals``, as
for every other write (docs/decisions.md,
"Editors' desk", says why it does not go through ``store.save``).
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import HttpResponseNotAllowed, JsonResponse
from django.urls import path
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from reelpress.catalog.admin import HTTPS_URLS, KeyedForm, admin_link, https_formfield
from reelpress.catalog.models import Credit
from reelpress.images.admin import AuthorPortraitInline, ReviewImageInline
from reelpress.lib.admin import DESK_CSS, LABELS_JS, LabelledTabularInline, name_inputs
from reelpress.lib.text import fold, make_slug, unique_slug
from reelpress.mail.admin import ColumnLetterInline
from reelpress.reviews.models import Author, Column, ColumnEntry, Rating, Review, Tag
from reelpress.reviews.permissions import author_of, is_editor, owns

admin.site.site_header = "ReelPress editors' desk"
admin.site.site_title = "ReelPress editors' desk"
admin.site.index_title = "Write, publish, announce"

DEFAULT_AXES = ("Movie", "Video", "Sound", "Supplements")
PREVIEW_MAX_CHARS = 400_000


def refresh_review(review: Review) -> None:
    """After an admin write: clear the import hash (the search entry follows by itself, search.signals)."""
    if review.record_hash:
        Review.objects.filter(pk=review.pk).update(record_hash="")
        review.record_hash = ""


def announceable(reviews, column=None):
    """Reviews a column may announce: public, and not announced by another column yet."""
    reviews = reviews.public()
    if column is not None and column.pk:
        return reviews.filter(Q(column_entries__isnull=True) | Q(column_entries__column=column)).distinct()
    return reviews.filter(column_entries__isnull=True)


class OwnedByAuthorAdmin(admin.ModelAdmin):
    """Rows with an ``author``: editors see all of them, a critic only those of their Author."""

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if is_editor(request.user):
            return qs
        author = author_of(request.user)
        return qs.filter(author=author) if author else qs.none()

    def _may(self, request, obj, allowed):
        return allowed and (obj is None or is_editor(request.user) or owns(request.user, obj))

    def has_view_permission(self, request, obj=None):
        return self._may(request, obj, super().has_view_permission(request, obj))

    def has_change_permission(self, request, obj=None):
        return self._may(request, obj, super().has_change_permission(request, obj))

    def has_delete_permission(self, request, obj=None):
        return self._may(request, obj, super().has_delete_permission(request, obj))

    def has_add_permission(self, request):
        # A critic with no Author linked to their user has nobody to write as.
        allowed = super().has_add_permission(request)
        return allowed and (is_editor(request.user) or author_of(request.user) is not None)

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None and not is_editor(request.user):
            # Someone else's row: say "forbidden" rather than pretend it does not exist.
            field = self.model._meta.get_field(from_field) if from_field else self.model._meta.pk
            try:
                key = field.to_python(object_id)
            except (ValidationError, ValueError, TypeError):
                return None
            if self.model._default_manager.filter(**{field.name: key}).exists():
                raise PermissionDenied
        return obj

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not is_editor(request.user):
            fields.append("author")
        return fields

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        author = author_of(request.user)
        if author is not None:
            initial.setdefault("author", author.pk)
        return initial

    def save_model(self, request, obj, form, change):
        if not is_editor(request.user):
            obj.author = author_of(request.user)
        super().save_model(request, obj, form, change)


# --- reviews -----------------------------------------------------------------------------


class ReviewForm(forms.ModelForm):
    class Meta:
        model = Review
        formfield_callback = https_formfield
        fields = [
            "headline", "slug", "film", "release", "author", "status", "published_at", "review_date",
            "blurb", "body", "verdict", "tags", "thanks", "copyright", "source_url",
        ]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            self.fields["slug"].required = False
            self.fields["slug"].help_text = "Left empty, it is made from the headline."
        if "film" in self.fields:
            self.fields["film"].required = False
            self.fields["film"].help_text = "Left empty, it is the film of the release chosen."
        name_inputs(self)

    def clean(self):
        cleaned = super().clean()
        film, release = cleaned.get("film"), cleaned.get("release")
        if "film" in self.fields:
            if film is None and release is not None:
                cleaned["film"] = film = release.film
            if film is None and "film" not in self.errors:
                self.add_error("film", "Choose the film (or a release of it).")
        if film is not None and release is not None and release.film_id != film.pk:
            self.add_error("release", f"This release is of “{release.film}”, not of “{film}”.")
        # A scheduled review whose time has come is simply live: fixing a typo in it later must
        # not demand a new date, so the rules apply when status or time is being set.
        if self.instance.pk is None or {"status", "published_at"} & set(self.changed_data):
            self._check_schedule(cleaned.get("status"), cleaned.get("published_at"))
        if "slug" in self.fields and not cleaned.get("slug") and cleaned.get("headline"):
            cleaned["slug"] = unique_slug(
                Review, cleaned["headline"], exclude_pk=self.instance.pk, max_length=150
            )
        return cleaned

    def _check_schedule(self, status, when):
        if when is None:
            return
        if status == Review.Status.SCHEDULED and when <= timezone.now():
            self.add_error(
                "published_at",
                "A scheduled review needs a publication time in the future. "
                "To show it now, choose the status “Published”.",
            )
        elif status == Review.Status.PUBLISHED and when > timezone.now():
            self.add_error(
                "published_at",
                "This time is in the future, so readers would not see the review yet: "
                "choose the status “Scheduled” to publish it then, or set the time to now.",
            )


class RatingInline(LabelledTabularInline):
    model = Rating
    fields = ["axis", "value", "order", "score"]
    readonly_fields = ["score"]

    def get_extra(self, request, obj=None, **kwargs):
        # A new review offers the usual axes (filled in by ReviewAdmin.get_formset_kwargs).
        return len(DEFAULT_AXES) if obj is None else 1


class LiveFilter(admin.SimpleListFilter):
    title = "on the site"
    parameter_name = "live"

    def lookups(self, request, model_admin):
        return [("yes", "Readers see it"), ("waiting", "Scheduled, not yet out"), ("no", "Draft")]

    def queryset(self, request, queryset):
        now = timezone.now()
        if self.value() == "yes":
            return queryset.public()
        if self.value() == "waiting":
            return queryset.exclude(status=Review.Status.DRAFT).filter(published_at__gt=now)
        if self.value() == "no":
            return queryset.filter(status=Review.Status.DRAFT)
        return queryset


@admin.register(Review)
class ReviewAdmin(OwnedByAuthorAdmin):
    form = ReviewForm
    formfield_overrides = HTTPS_URLS
    change_form_template = "admin/reviews/review/change_form.html"
    list_display = ["headline", "film", "author", "status", "published_at", "verdict", "is_live"]
    list_select_related = ["film", "author"]
    list_filter = ["status", LiveFilter, "author", "verdict"]
    search_fields = ["headline", "slug", "film__title", "author__name"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ("headline",)}
    autocomplete_fields = ["film", "release", "author", "tags"]
    inlines = [RatingInline, ReviewImageInline]
    actions = ["publish_now", "unpublish_to_draft"]
    fieldsets = [
        (None, {"fields": ["headline", "slug", "film", "film_credits", "release", "author"]}),
        ("Publication", {"fields": ["status", "published_at", "review_date"]}),
        ("The review", {"fields": ["blurb", "body", "verdict", "tags", "thanks", "copyright"]}),
        ("Imported from", {"fields": ["source_url"], "classes": ["collapse"]}),
    ]

    class Media:
        js = ["reviews/admin/preview.js", LABELS_JS]
        css = {"all": ["reviews/admin/preview.css", DESK_CSS]}

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "film_credits"]

    def get_list_filter(self, request):
        # A critic's list holds only their own reviews: filtering by author would say nothing.
        filters = super().get_list_filter(request)
        return filters if is_editor(request.user) else [f for f in filters if f != "author"]

    @admin.display(description="on the site", boolean=True)
    def is_live(self, review):
        return review.is_public

    @admin.display(description="credits")
    def film_credits(self, review):
        """The chosen film's credits, read-only: they belong to the film, shared by its reviews."""
        film = review.film if review and review.film_id else None
        if film is None:
            return "Choose the film; its credits are edited on the film (the pencil beside it)."
        # In the order a page prints them (director first), not the table's alphabetical roles.
        rank = {role: n for n, role in enumerate(Credit.Role.values)}
        credits = sorted(film.credits.select_related("person"), key=lambda c: (rank[c.role], c.order, c.pk))
        lines = format_html_join(
            "", "<li>{}: {}{}</li>", ((c.display_role, c.person, _as(c.character)) for c in credits)
        )
        edit = admin_link(film, "Edit the film and its credits")
        return format_html('<ul class="reelpress-credits">{}</ul><p>{}</p>', lines or "", edit)

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if isinstance(inline, RatingInline) and obj.pk is None:
            # Also on POST: a row left as offered is then "unchanged" and skipped, not an error.
            kwargs["initial"] = [{"axis": axis, "order": n} for n, axis in enumerate(DEFAULT_AXES)]
        return kwargs

    def get_search_results(self, request, queryset, search_term):
        queryset, duplicates = super().get_search_results(request, queryset, search_term)
        # The column form's review picker offers only reviews a column may still announce.
        if request.GET.get("model_name") == "columnentry" and request.GET.get("field_name") == "review":
            queryset, duplicates = announceable(queryset), True
        return queryset, duplicates

    def save_model(self, request, obj, form, change):
        obj.record_hash = ""
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        refresh_review(form.instance)

    @admin.action(description="Publish now", permissions=["change"])
    def publish_now(self, request, queryset):
        now = timezone.now()
        with transaction.atomic():
            waiting = list(queryset.exclude(status=Review.Status.PUBLISHED, published_at__lte=now))
            for review in waiting:
                review.status = Review.Status.PUBLISHED
                review.published_at = now
                review.record_hash = ""
                review.save(update_fields=["status", "published_at", "record_hash", "updated_at"])
                refresh_review(review)
        self.message_user(request, f"Published {len(waiting)} review(s).", messages.SUCCESS)

    @admin.action(description="Unpublish to draft", permissions=["change"])
    def unpublish_to_draft(self, request, queryset):
        with transaction.atomic():
            reviews = list(queryset.exclude(status=Review.Status.DRAFT))
            for review in reviews:
                review.status = Review.Status.DRAFT
                review.record_hash = ""
                review.save(update_fields=["status", "record_hash", "updated_at"])
                refresh_review(review)
        self.message_user(request, f"Moved {len(reviews)} review(s) back to draft.", messages.SUCCESS)

    def get_urls(self):
        preview = self.admin_site.admin_view(self.preview_view)
        return [path("preview/", preview, name="reviews_review_preview"), *super().get_urls()]

    def preview_view(self, request):
        """The body as readers will see it: Markdown through the site's renderer and sanitiser.

        Staff only (``admin_view``), CSRF-checked (``admin_view`` wraps it), POST only.
        """
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not (self.has_add_permission(request) or self.has_change_permission(request)):
            raise PermissionDenied
        from reelpress.lib.markdown import render

        body = request.POST.get("body", "")[:PREVIEW_MAX_CHARS]
        return JsonResponse({"html": str(render(body))})


def _as(character):
    return format_html(" as {}", character) if character else ""


# --- columns -----------------------------------------------------------------------------


class ColumnForm(forms.ModelForm):
    class Meta:
        model = Column
        fields = ["date", "title", "slug", "author", "is_published", "notes"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            self.fields["slug"].required = False
            self.fields["slug"].help_text = "Left empty, it is made from the date and title."

    def clean(self):
        cleaned = super().clean()
        if "slug" in self.fields and not cleaned.get("slug") and cleaned.get("title") and cleaned.get("date"):
            text = f"{cleaned['date']:%Y-%m-%d} {cleaned['title']}"
            cleaned["slug"] = unique_slug(Column, text, exclude_pk=self.instance.pk, max_length=150)
        return cleaned


class ColumnEntryInline(LabelledTabularInline):
    model = ColumnEntry
    extra = 3
    autocomplete_fields = ["review"]
    fields = ["review", "order", "blurb"]
    readonly_fields = ["blurb"]

    def get_formset(self, request, obj=None, **kwargs):
        # formfield_for_foreignkey runs while the formset class is built; it needs the column.
        request._reelpress_column = obj
        return super().get_formset(request, obj, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "review":
            reviews = Review.objects.all()
            if not is_editor(request.user):
                reviews = reviews.filter(author=author_of(request.user))
            kwargs["queryset"] = announceable(reviews, getattr(request, "_reelpress_column", None))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description="blurb")
    def blurb(self, entry):
        return entry.review.blurb if entry and entry.review_id else ""


@admin.register(Column)
class ColumnAdmin(OwnedByAuthorAdmin):
    form = ColumnForm
    list_display = ["date", "title", "author", "is_published"]
    list_filter = ["is_published", "author"]
    search_fields = ["title", "notes"]
    date_hierarchy = "date"
    prepopulated_fields = {"slug": ("date", "title")}
    autocomplete_fields = ["author"]
    # Letters printed in the column are attached from the letter's page; here they are listed.
    inlines = [ColumnEntryInline, ColumnLetterInline]
    fields = ["date", "title", "slug", "author", "is_published", "notes", "waiting"]

    def get_changeform_initial_data(self, request):
        # A column is nearly always today's: prefill the date (the editor can still change it).
        initial = super().get_changeform_initial_data(request)
        initial.setdefault("date", timezone.localdate())
        return initial

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "waiting"]

    @admin.display(description="not yet announced")
    def waiting(self, column):
        """Public reviews no column has announced yet: the ones to pick from (all public facts)."""
        rows = announceable(Review.objects.all()).select_related("author")[:50]
        items = format_html_join(
            "", "<li>{} <small>({}, {})</small></li>",
            ((r.headline, r.author or "no author", f"{r.published_at:%Y-%m-%d}") for r in rows),
        )  # fmt: skip
        return format_html("<ul>{}</ul>", items) if items else "Every published review has been announced."


# --- authors and tags --------------------------------------------------------------------


class AuthorForm(KeyedForm):
    class Meta:
        model = Author
        fields = ["name", "slug", "user", "email", "bio"]

    def natural_key_clash(self, cleaned):
        if "name" not in self.fields:
            return None
        key = fold(cleaned.get("name"))
        return Author.objects.filter(name_key=key).exclude(pk=self.instance.pk).first()

    def slug_text(self, cleaned):
        return cleaned["name"]


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    """Editors manage every author; a critic may edit their own bio."""

    form = AuthorForm
    list_display = ["name", "user", "email"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ["user"]
    inlines = [AuthorPortraitInline]

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        return qs if is_editor(request.user) else qs.filter(user=request.user)

    def get_readonly_fields(self, request, obj=None):
        return [] if is_editor(request.user) else ["name", "slug", "user"]

    def get_prepopulated_fields(self, request, obj=None):
        # The slug is read-only for a critic, so there is nothing to fill in as they type.
        return super().get_prepopulated_fields(request, obj) if is_editor(request.user) else {}

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or is_editor(request.user) or obj.user_id == request.user.pk)

    def save_model(self, request, obj, form, change):
        obj.name_key = fold(obj.name)
        super().save_model(request, obj, form, change)


class TagForm(forms.ModelForm):
    class Meta:
        model = Tag
        fields = ["name", "slug"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("slug") and cleaned.get("name"):
            # The importer finds tags by make_slug(name); the same slug keeps them one tag.
            cleaned["slug"] = make_slug(cleaned["name"])
        return cleaned


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    form = TagForm
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ("name",)}
