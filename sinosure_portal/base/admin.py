"""Read-only admin: money, cover and financing records change only through their services (one
transaction, workflow and audit row), never through an admin form."""

from django.contrib import admin


class ReadOnlyAdminMixin:
    """No add, change or delete permission; every field is shown read-only."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    pass


class ReadOnlyInline(ReadOnlyAdminMixin, admin.TabularInline):
    extra = 0
