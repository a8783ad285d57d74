"""E-mail capture: page URLs."""

from django.urls import path

from helpfirst.mail import views

urlpatterns = [
    path("mail/", views.mail_settings_page, name="mail-settings"),
]
