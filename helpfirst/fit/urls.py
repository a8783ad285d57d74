"""Fit pages: re-assess a journey, accept an exit, the nurture list and learned fit."""

from django.urls import path

from helpfirst.fit import views

urlpatterns = [
    path("journeys/<int:pk>/fit/assess/", views.fit_assess, name="fit-assess"),
    path("journeys/<int:pk>/fit/exit/", views.fit_accept_exit, name="fit-accept-exit"),
    path("fit/nurture/", views.nurture_page, name="fit-nurture"),
    path("fit/learning/", views.learning_page, name="fit-learning"),
]
