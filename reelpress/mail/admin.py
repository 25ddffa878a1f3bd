"""The editor's mailbox: pending letters, moderation in bulk, the public reply, the column.

Editors moderate every letter and see the sender's address. A critic sees only the letters
about their own reviews, without the sender's address or IP, and can only write the public
reply, which is signed as them.
"""

from django.contrib import admin, messages
from django.db.models import Q
from django.utils import timezone
from django.utils.html import format_html

from reelpress.lib.admin import LabelledTabularInline
from reelpress.mail.models import Letter
from reelpress.mail.text import render_paragraphs
from reelpress.reviews.permissions import author_of, is_editor

# Foreign keys that get an autocomplete box when the related model's admin can search;
# until then (or if it never does) they fall back to a raw id box, so the admin always loads.
_LOOKUP_FIELDS = ("review", "column", "replied_by")


class HasReplyFilter(admin.SimpleListFilter):
    title = "reply"
    parameter_name = "has_reply"

    def lookups(self, request, model_admin):
        return [("yes", "Answered"), ("no", "Not answered")]

    def queryset(self, request, queryset):
        unanswered = Q(reply="")
        if self.value() == "yes":
            return queryset.exclude(unanswered)
        if self.value() == "no":
            return queryset.filter(unanswered)
        return queryset


@admin.register(Letter)
class LetterAdmin(admin.ModelAdmin):
    list_display = (
        "subject",
        "name",
        "status",
        "is_published",
        "review",
        "column",
        "answered",
        "received_at",
    )
    list_display_links = ("subject",)
    list_filter = ("status", "is_published", HasReplyFilter, "received_at", "column")
    search_fields = ("subject", "name", "email", "message", "reply")
    date_hierarchy = "received_at"
    list_select_related = ("review", "column")
    list_per_page = 50
    raw_id_fields = _LOOKUP_FIELDS
    readonly_fields = ("received_at", "ip_address", "published_at", "message_as_text", "public_link")
    actions = ["approve", "approve_and_publish", "publish", "unpublish", "mark_spam", "mark_rejected"]
    fieldsets = (
        ("Letter", {"fields": ("name", "email", "subject", "message_as_text", "message", "review")}),
        ("Moderation", {"fields": ("status", "is_published", "column", "published_at", "public_link")}),
        ("Reply", {"fields": ("reply", "replied_by", "replied_at")}),
        ("Received", {"classes": ("collapse",), "fields": ("received_at", "ip_address")}),
    )

    # What a critic sees of a letter about one of their reviews: no address, no IP, no moderation.
    critic_fieldsets = (
        ("Letter", {"fields": ("name", "subject", "message_as_text", "review", "received_at")}),
        ("Reply", {"fields": ("reply", "replied_by", "replied_at")}),
    )
    critic_readonly = (
        "name",
        "subject",
        "message_as_text",
        "review",
        "received_at",
        "replied_by",
        "replied_at",
    )

    def get_queryset(self, request):
        letters = super().get_queryset(request)
        if is_editor(request.user):
            return letters
        author = author_of(request.user)
        return letters.filter(review__author=author) if author else letters.none()

    def get_fieldsets(self, request, obj=None):
        return self.fieldsets if is_editor(request.user) else self.critic_fieldsets

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if is_editor(request.user) else self.critic_readonly

    def get_search_fields(self, request):
        fields = super().get_search_fields(request)
        return fields if is_editor(request.user) else tuple(f for f in fields if f != "email")

    def get_list_filter(self, request):
        return self.list_filter if is_editor(request.user) else ("status", HasReplyFilter, "received_at")

    def get_actions(self, request):
        return super().get_actions(request) if is_editor(request.user) else {}

    def has_add_permission(self, request):
        return is_editor(request.user) and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        if obj is None or is_editor(request.user):
            return True
        author = author_of(request.user)
        return author is not None and obj.review is not None and obj.review.author_id == author.pk

    def get_autocomplete_fields(self, request):
        fields = []
        for name in _LOOKUP_FIELDS:
            related = Letter._meta.get_field(name).related_model
            related_admin = self.admin_site._registry.get(related)
            if related_admin is not None and related_admin.search_fields:
                fields.append(name)
        return fields

    @admin.display(boolean=True, description="answered")
    def answered(self, obj):
        return bool(obj.reply.strip())

    @admin.display(description="As readers would see it")
    def message_as_text(self, obj):
        # Escaped, links inert: the editor reads exactly the text, never the sender's markup.
        return render_paragraphs(obj.message, links=False) if obj.pk else "-"

    @admin.display(description="Public page")
    def public_link(self, obj):
        if obj.pk and obj.is_public:
            return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), obj.get_absolute_url())
        return "Not public (approve it and tick 'is published')"

    def save_model(self, request, obj, form, change):
        # The reply is signed by the editor's author profile unless they picked someone; a
        # critic's is always signed as them.
        if not is_editor(request.user) and "reply" in form.changed_data:
            obj.replied_by = author_of(request.user)
            obj.replied_at = timezone.now() if obj.reply.strip() else None
        elif obj.reply.strip() and obj.replied_by_id is None:
            obj.replied_by = author_of(request.user)
        super().save_model(request, obj, form, change)

    def _set(self, request, queryset, label, **changes):
        count = queryset.update(**changes)
        if changes.get("is_published"):
            queryset.filter(published_at__isnull=True).update(published_at=timezone.now())
        self.message_user(request, f"{count} letter(s) {label}.", messages.SUCCESS)

    @admin.action(description="Approve (not yet published)")
    def approve(self, request, queryset):
        self._set(request, queryset, "approved", status=Letter.Status.APPROVED)

    @admin.action(description="Approve and publish")
    def approve_and_publish(self, request, queryset):
        approved = Letter.Status.APPROVED
        self._set(request, queryset, "approved and published", status=approved, is_published=True)

    @admin.action(description="Publish (approved letters only)")
    def publish(self, request, queryset):
        skipped = queryset.exclude(status=Letter.Status.APPROVED).count()
        self._set(request, queryset.filter(status=Letter.Status.APPROVED), "published", is_published=True)
        if skipped:
            note = f"{skipped} letter(s) not approved, so not published."
            self.message_user(request, note, messages.WARNING)

    @admin.action(description="Unpublish")
    def unpublish(self, request, queryset):
        self._set(request, queryset, "unpublished", is_published=False)

    @admin.action(description="Mark as spam")
    def mark_spam(self, request, queryset):
        self._set(request, queryset, "marked as spam", status=Letter.Status.SPAM, is_published=False)

    @admin.action(description="Reject")
    def mark_rejected(self, request, queryset):
        self._set(request, queryset, "rejected", status=Letter.Status.REJECTED, is_published=False)


class ColumnLetterInline(LabelledTabularInline):
    """Read-only list of the letters printed in a column, for the Column admin to include.

    Letters are attached to a column from the letter's own admin page (its `column` field).
    """

    model = Letter
    fk_name = "column"
    fields = ("subject", "name", "status", "is_published", "answered")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(boolean=True, description="answered")
    def answered(self, obj):
        return bool(obj.reply.strip())
