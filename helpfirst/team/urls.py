from django.urls import path

from helpfirst.team import views

urlpatterns = [
    path("accounts/login/code/", views.login_code, name="login-code"),
    path("account/two-factor/", views.two_factor_page, name="two-factor"),
]
