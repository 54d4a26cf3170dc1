from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from sinosure_portal.accounts.models import Organisation, User


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name_zh", "name_en", "kind", "uscc", "province", "size_class"]
    list_filter = ["kind", "size_class", "province"]
    search_fields = ["name_zh", "name_en", "uscc", "swift_code"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "display_name", "role", "organisation", "is_active"]
    list_filter = ["role", "is_active", "organisation__kind"]
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (
            _("Portal"),
            {
                "fields": (
                    "organisation",
                    "role",
                    "display_name",
                    "title",
                    "email_notifications",
                    "password_changed_at",
                )
            },
        ),
    )
    add_fieldsets = (
        *BaseUserAdmin.add_fieldsets,
        (_("Portal"), {"fields": ("organisation", "role", "display_name")}),
    )
