from django.apps import AppConfig


class TeamConfig(AppConfig):
    name = "helpfirst.team"
    label = "team"
    verbose_name = "Team, people and API tokens"

    def ready(self) -> None:
        from django.contrib import admin
        from django.contrib.auth.signals import user_logged_in

        from helpfirst.team.sessions import start_session_clock
        from helpfirst.team.views import admin_login

        user_logged_in.connect(start_session_clock, dispatch_uid="helpfirst-session-clock")
        # The admin signs in through our sign-in page (lockout and two-factor apply there too).
        admin.site.login = admin_login
