"""The import queue on the editors' desk: pages an import was unsure of, corrected and accepted here.

The list shows every imported page (filter "needs a look"); a page's own screen shows its text
beside the recovered fields, each with the line it came from and how sure the extractor was.
**Accept** stores the corrected record through ``ingest.store.save`` (``ingest.queue.accept``).
Who may use it: staff with the review-change permission; a critic only for their own reviews.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse

from reelpress.catalog.admin import admin_link
from reelpress.ingest.models import ImportedPage
from reelpress.ingest.queue import accept
from reelpress.ingest.record import ReviewRecord
from reelpress.ingest.validate import RecordError, check
from reelpress.reviews.permissions import author_of, is_editor, owns

# The fields an editor corrects here, in the order a review page prints them: (name, kind).
# "lines" fields are lists, one name or title per line.
EDITABLE = [
    ("title", "text"),
    ("original_title", "text"),
    ("alternate_titles", "lines"),
    ("year", "int"),
    ("directors", "lines"),
    ("writers", "lines"),
    ("cast", "lines"),
    ("cinematographers", "lines"),
    ("composers", "lines"),
    ("runtime_minutes", "int"),
    ("country", "text"),
    ("language", "text"),
    ("label", "text"),
    ("disc_format", "text"),
    ("street_date", "text"),
    ("region", "text"),
    ("spine_number", "text"),
    ("headline", "text"),
    ("reviewer", "text"),
    ("review_date", "text"),
    ("verdict", "text"),
]
LOW_CONFIDENCE = 0.6  # below this the desk marks a field for the editor's eye


def _shown(value, kind: str):
    if kind == "lines":
        return "\n".join(str(v) for v in value or [])
    return "" if value is None else value


class AcceptForm(forms.Form):
    """The recovered fields, as the editor corrects them, and whether to publish."""

    publish = forms.BooleanField(required=False, help_text="Published as soon as it is accepted")

    def __init__(self, *args, row: ImportedPage, editor: bool, **kwargs):
        self.row = row
        recovered = row.recovered or {}
        initial = {name: _shown(recovered.get(name), kind) for name, kind in EDITABLE}
        review = row.review
        initial["publish"] = review is not None and review.status != "draft"
        super().__init__(*args, initial=initial, **kwargs)
        fields = {}
        for name, kind in EDITABLE:
            label = name.replace("_", " ")
            if kind == "int":
                field = forms.IntegerField(label=label, required=False, min_value=1, max_value=32767)
            elif kind == "lines":
                field = forms.CharField(
                    label=label, required=False, widget=forms.Textarea(attrs={"rows": 2, "cols": 40})
                )
                field.help_text = "one per line"
            else:
                field = forms.CharField(label=label, required=name == "title")
            fields[name] = field
        fields["reviewer"].disabled = not editor  # a critic accepts their own reviews only
        self.fields = {**fields, "publish": self.fields["publish"]}

    def record(self) -> ReviewRecord:
        """The recovered record with the editor's corrections."""
        record = ReviewRecord.from_dict(dict(self.row.recovered or {}))
        for name, kind in EDITABLE:
            value = self.cleaned_data.get(name)
            if kind == "lines":
                value = [line.strip() for line in (value or "").splitlines() if line.strip()]
            elif kind == "text":
                value = (value or "").strip() or (None if name != "title" else "")
            setattr(record, name, value)
        return record

    def clean(self):
        cleaned = super().clean()
        if not self.errors:
            try:
                check(self.record())
            except RecordError as exc:
                field = exc.field if exc.field in self.fields else None
                self.add_error(field, str(exc))
        return cleaned


@admin.register(ImportedPage)
class ImportedPageAdmin(admin.ModelAdmin):
    list_display = ["__str__", "status", "reasons_shown", "source", "review_link", "updated_at"]
    list_filter = ["status"]
    search_fields = ["title", "source", "source_url"]
    list_select_related = ["review"]
    actions = None

    # --- who may use it
    @staticmethod
    def _may(user, row=None) -> bool:
        if not (user.is_active and user.is_staff and user.has_perm("reviews.change_review")):
            return False
        return row is None or is_editor(user) or owns(user, row.review)

    def has_module_permission(self, request):
        return self._may(request.user)

    def has_view_permission(self, request, obj=None):
        return self._may(request.user, obj)

    def has_change_permission(self, request, obj=None):
        return self._may(request.user, obj)

    def has_add_permission(self, request):
        return False  # rows come from imports

    def has_delete_permission(self, request, obj=None):
        return is_editor(request.user) and self._may(request.user, obj)

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if is_editor(request.user):
            return qs
        author = author_of(request.user)
        return qs.filter(review__author=author) if author else qs.none()

    # --- the list
    @admin.display(description="why")
    def reasons_shown(self, row):
        return "; ".join(row.reasons)

    @admin.display(description="review")
    def review_link(self, row):
        return admin_link(row.review, row.review.get_status_display()) if row.review else "—"

    # --- one page: read, correct, accept
    def change_view(self, request, object_id, form_url="", extra_context=None):
        row = get_object_or_404(ImportedPage.objects.select_related("review__film"), pk=object_id)
        if not self._may(request.user, row):
            raise PermissionDenied
        editor = is_editor(request.user)
        if request.method == "POST":
            form = AcceptForm(request.POST, row=row, editor=editor)
            if form.is_valid():
                try:
                    done = accept(row, form.record(), publish=form.cleaned_data["publish"], user=request.user)
                except RecordError as exc:
                    form.add_error(None, str(exc))
                else:
                    self._tell(request, done)
                    return HttpResponseRedirect(reverse("admin:ingest_importedpage_change", args=[row.pk]))
        else:
            form = AcceptForm(row=row, editor=editor)
        evidence = row.evidence or {}
        rows = [{"field": form[name], **_said(evidence, name)} for name, _kind in EDITABLE]
        shown = {name for name, _ in EDITABLE}
        others = [{"name": name, **_said(evidence, name)} for name in sorted(evidence) if name not in shown]
        context = {
            **self.admin_site.each_context(request),
            "title": f"Imported page: {row}",
            "subtitle": row.source,
            "opts": self.model._meta,
            "row": row,
            "form": form,
            "rows": rows,
            "other_evidence": others,
            "publish": form["publish"],
            "has_view_permission": True,
        }
        return TemplateResponse(request, "admin/ingest/importedpage/review.html", context)

    def _tell(self, request, done) -> None:
        review = done.result.review
        state = "published" if review.status != "draft" else "kept as a draft"
        self.message_user(request, f"Accepted: “{review.headline}” is {state} ({done.result.action}).")
        if done.guessed_film is not None:
            self.message_user(
                request,
                admin_link(
                    done.guessed_film,
                    f"The film the import guessed, “{done.guessed_film}”, has no reviews now",
                ),
                messages.WARNING,
            )


def _said(evidence: dict, name: str) -> dict:
    """What the extractor said about one field: the line it came from, the rule, how sure."""
    found = evidence.get(name) or {}
    confidence = found.get("confidence")
    return {
        "source_line": found.get("from") or "",
        "via": found.get("via") or "",
        "confidence": None if confidence is None else round(confidence * 100),
        "low": confidence is not None and confidence < LOW_CONFIDENCE,
        "value": found.get("value"),
        "others": found.get("others") or [],
    }
