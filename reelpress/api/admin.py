"""API tokens in the admin: list and revoke; new ones come from ``reelpress api_token`` (shown once)."""

from django.contrib import admin

from reelpress.api.models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("user", "name", "created", "last_used")
    list_select_related = ("user",)
    search_fields = ("user__username", "name")
    readonly_fields = ("user", "created", "last_used")
    fields = ("user", "name", "created", "last_used")

    def has_add_permission(self, request):
        # The plain token must be shown exactly once, which the command line does.
        return False
