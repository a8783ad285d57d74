from django.contrib import admin

from helpfirst.fit.models import FitExit, FitRecord


@admin.register(FitRecord)
class FitRecordAdmin(admin.ModelAdmin):
    list_display = ("journey", "verdict", "score", "out_of_scope", "is_latest", "assessed_at")
    list_filter = ("verdict", "is_latest", "backend")
    raw_id_fields = ("journey", "assessed_by")


@admin.register(FitExit)
class FitExitAdmin(admin.ModelAdmin):
    list_display = ("journey", "referred_to", "recheck_on", "exited_at")
    raw_id_fields = ("journey", "fit_record", "exited_by")
