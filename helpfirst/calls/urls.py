"""Call pages: list, upload, the call page, coaching and practice."""

from django.urls import path

from helpfirst.calls import views

urlpatterns = [
    path("calls/", views.call_list, name="call-list"),
    path("calls/new/", views.call_start, name="call-start"),
    path("calls/coaching/", views.coaching_view, name="call-coaching"),
    path("calls/practice/", views.practice, name="call-practice"),
    path("calls/<int:pk>/", views.call_detail, name="call-detail"),
    path("journeys/<int:pk>/calls/new/", views.call_upload, name="call-upload"),
]
