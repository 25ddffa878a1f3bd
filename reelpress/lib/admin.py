"""Accessible names for the editors' desk: Django's tabular inlines and split date/time fields
render inputs that no ``<label>`` names (the table's headers and the "Date:" text are not labels)."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.utils.text import capfirst

# Names the autocomplete boxes (select2) and the inlines' empty header cell; see the file.
LABELS_JS = "site/admin/labels.js"
# Underlines the breadcrumbs' links, which only their colour told apart from the text.
DESK_CSS = "site/admin/desk.css"


def name_inputs(form, row: str | None = None) -> None:
    """Name the inputs no label names: in an inline row (``row``, e.g. "Rating 2") every visible
    input, as "<row>: <column>"; in any form the two halves of a date-and-time field, as
    "<field>: date" and "<field>: time"."""
    for name, field in form.fields.items():
        widget = field.widget
        if widget.is_hidden:
            continue
        label = "Delete" if name == forms.formsets.DELETION_FIELD_NAME else capfirst(field.label or name)
        if row is not None:
            label = f"{row}: {label}"
        if isinstance(widget, forms.SplitDateTimeWidget):
            date, time = widget.widgets
            date.attrs["aria-label"] = f"{label}: date"
            time.attrs["aria-label"] = f"{label}: time"
        elif row is not None:
            # A RelatedFieldWidgetWrapper renders the widget it wraps; its own ``attrs`` are, in a
            # form's deep copy, the original widget's (Django's __deepcopy__), so name the wrapped one.
            getattr(widget, "widget", widget).attrs["aria-label"] = label


class LabelledTabularInline(admin.TabularInline):
    """A tabular inline whose inputs are named "<Rating> <n>: <column>" for screen readers."""

    class Media:
        js = [LABELS_JS]
        css = {"all": [DESK_CSS]}

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        noun = capfirst(self.verbose_name or self.model._meta.verbose_name)

        class LabelledFormSet(formset):
            def _construct_form(self, i, **kwargs):
                form = super()._construct_form(i, **kwargs)
                name_inputs(form, f"{noun} {i + 1}")
                return form

            @property
            def empty_form(self):
                # The row "Add another" copies: its number is not known until then.
                form = super().empty_form
                name_inputs(form, f"New {noun.lower()}")
                return form

        return LabelledFormSet
