"""Calendar capture: page URLs."""

from django.urls import path

from helpfirst.calendars import views

urlpatterns = [
    path("calendars/", views.calendars_page, name="calendars"),
]
