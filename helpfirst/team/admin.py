from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from helpfirst.team import lockout
from helpfirst.team.models import ApiToken, LoginFailure, Team, TwoFactor, User


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "created_at")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ("username", "email", "first_name", "last_name", "team", "role", "is_active")
    list_filter = ("team", "role", "is_active")
    fieldsets = (*DjangoUserAdmin.fieldsets, ("Team", {"fields": ("team", "role")}))
    actions = ["unlock_sign_in", "reset_two_factor"]

    @admin.action(description="Unlock sign-in (forget failed attempts)")
    def unlock_sign_in(self, request, queryset):
        forgotten = sum(lockout.unlock(user.username) for user in queryset)
        self.message_user(
            request,
            f"Unlocked {queryset.count()} user(s); {forgotten} failed sign-in(s) forgotten.",
            messages.SUCCESS,
        )

    @admin.action(description="Reset two-factor sign-in (they enrol again)")
    def reset_two_factor(self, request, queryset):
        deleted, _ = TwoFactor.objects.filter(user__in=queryset).delete()
        self.message_user(request, f"Two-factor reset for {deleted} user(s).", messages.SUCCESS)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "user", "prefix", "scopes", "created_at", "expires_at", "revoked_at")
    list_filter = ("revoked_at",)
    readonly_fields = ("prefix", "key_hash", "created_at", "last_used_at")


@admin.register(LoginFailure)
class LoginFailureAdmin(admin.ModelAdmin):
    """Failed sign-ins in the lockout window; delete rows to unlock a username or address."""

    list_display = ("username", "ip_address", "failed_at")
    search_fields = ("username", "ip_address")
    readonly_fields = ("username", "ip_address", "failed_at")

    def has_add_permission(self, request):
        return False


@admin.register(TwoFactor)
class TwoFactorAdmin(admin.ModelAdmin):
    """Who has two-factor sign-in; deleting a row turns it off for that user."""

    list_display = ("user", "confirmed_at")
    fields = ("user", "confirmed_at")
    readonly_fields = ("user", "confirmed_at")

    def has_add_permission(self, request):
        return False
