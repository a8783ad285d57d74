from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from helpfirst.team.models import ApiToken, Team, User


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "created_at")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ("username", "email", "first_name", "last_name", "team", "role", "is_active")
    list_filter = ("team", "role", "is_active")
    fieldsets = (*DjangoUserAdmin.fieldsets, ("Team", {"fields": ("team", "role")}))


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "user", "prefix", "created_at", "expires_at", "revoked_at")
    list_filter = ("revoked_at",)
    readonly_fields = ("prefix", "key_hash", "created_at", "last_used_at")
