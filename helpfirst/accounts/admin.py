from django.contrib import admin

from helpfirst.accounts.models import Account, Contact


class ContactInline(admin.TabularInline):
    model = Contact
    extra = 0
    fields = ("first_name", "last_name", "title", "email", "stakeholder_role", "may_contact")


@admin.register(Account)
class AccountAdmin(admin.ModelAdmin):
    list_display = ("name", "domain", "industry", "employees", "region", "owner", "team")
    list_filter = ("team", "industry", "region")
    search_fields = ("name", "domain")
    raw_id_fields = ("owner",)
    inlines = [ContactInline]


@admin.register(Contact)
class ContactAdmin(admin.ModelAdmin):
    list_display = ("name", "title", "email", "account", "stakeholder_role", "may_contact")
    list_filter = ("team", "stakeholder_role", "may_contact", "recording_consent")
    search_fields = ("first_name", "last_name", "email", "account__name")
    raw_id_fields = ("account",)
