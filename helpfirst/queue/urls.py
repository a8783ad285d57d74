"""Help-queue actions and stage-suggestion answers (the queue itself is the home page)."""

from django.urls import path

from helpfirst.queue import views

urlpatterns = [
    path("queue/journeys/<int:pk>/touch/", views.queue_touch, name="queue-touch"),
    path("queue/journeys/<int:pk>/snooze/", views.queue_snooze, name="queue-snooze"),
    path("queue/journeys/<int:pk>/not-a-fit/", views.queue_not_a_fit, name="queue-not-a-fit"),
    path(
        "journeys/<int:pk>/stage-suggestion/",
        views.stage_suggestion_answer,
        name="stage-suggestion-answer",
    ),
]
