"""URL map: pages, the admin, the REST API and health checks."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.http import JsonResponse
from django.urls import include, path

from helpfirst.site.api import api
from helpfirst.team.views import SignInView


def healthz(request):
    return JsonResponse({"status": "ok"})


# A full disk or a lost database connection answers 507/503 with what to do, not a bare 500.
handler500 = "helpfirst.operations.views.server_error"

urlpatterns = [
    path("accounts/login/", SignInView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("healthz", healthz, name="healthz"),
    path("", include("helpfirst.web.urls")),
    path("", include("helpfirst.team.urls")),
    path("", include("helpfirst.queue.urls")),
    path("", include("helpfirst.debriefs.urls")),
    path("", include("helpfirst.success.urls")),
    path("", include("helpfirst.calls.urls")),
    path("", include("helpfirst.plans.urls")),
    path("", include("helpfirst.briefs.urls")),
    path("", include("helpfirst.fit.urls")),
    path("", include("helpfirst.capture.urls")),
    path("", include("helpfirst.tracking.urls")),
    path("", include("helpfirst.mail.urls")),
    path("", include("helpfirst.calendars.urls")),
    path("", include("helpfirst.crm.urls")),
    path("", include("helpfirst.audit.urls")),
    path("", include("helpfirst.privacy.urls")),
    path("", include("helpfirst.operations.urls")),
]
