"""Debrief pages: the quick form, a journey's debriefs, reminders, lessons and the CSV export."""

from django.urls import path

from helpfirst.debriefs import views

urlpatterns = [
    path("journeys/<int:pk>/debriefs/", views.journey_debriefs, name="journey-debriefs"),
    path("journeys/<int:pk>/debriefs/new/", views.debrief_create, name="debrief-create"),
    path("debriefs/", views.debrief_list, name="debrief-list"),
    path("debriefs/missing/", views.missing_list, name="debrief-missing"),
    path("debriefs/lessons/", views.lessons_page, name="debrief-lessons"),
    path("debriefs/export.csv", views.export_csv, name="debrief-export"),
]
