from django.contrib import admin

from helpfirst.playbook.models import AntiFit, ContentItem, Problem


@admin.register(Problem)
class ProblemAdmin(admin.ModelAdmin):
    list_display = ("title", "team", "company_size_min", "company_size_max", "updated_at")
    list_filter = ("team",)
    search_fields = ("title", "description")
    prepopulated_fields = {"slug": ("title",)}


@admin.register(AntiFit)
class AntiFitAdmin(admin.ModelAdmin):
    list_display = ("title", "team", "referral")
    list_filter = ("team",)
    search_fields = ("title", "description", "referral")
    prepopulated_fields = {"slug": ("title",)}


@admin.register(ContentItem)
class ContentItemAdmin(admin.ModelAdmin):
    list_display = ("title", "format", "team", "updated_at")
    list_filter = ("team", "format")
    search_fields = ("title", "summary")
    filter_horizontal = ("problems",)
    prepopulated_fields = {"slug": ("title",)}
