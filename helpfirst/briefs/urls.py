"""Committee and call-brief pages."""

from django.urls import path

from helpfirst.briefs import views

urlpatterns = [
    path("journeys/<int:pk>/committee/", views.committee_page, name="committee-page"),
    path("journeys/<int:pk>/committee/add/", views.seat_add, name="seat-add"),
    path("journeys/<int:pk>/committee/<int:seat_id>/", views.seat_update, name="seat-update"),
    path(
        "journeys/<int:pk>/committee/<int:seat_id>/remove/", views.seat_remove, name="seat-remove"
    ),
    path("journeys/<int:pk>/brief/", views.brief_page, name="brief-page"),
    path("journeys/<int:pk>/next-actions/", views.next_actions_panel, name="next-actions-panel"),
]
