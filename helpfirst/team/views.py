"""Sign-in (with lockout and optional two-factor) and the two-factor enrolment page."""

from __future__ import annotations

import time

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.views import LoginView
from django.forms.utils import ErrorDict
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from helpfirst.site.security import client_ip
from helpfirst.team import lockout, two_factor
from helpfirst.team.models import User

PENDING = "hf_2fa_pending"  # user id, backend, next page and time, between password and code
PENDING_MAX_S = 300


class SignInView(LoginView):
    """Django's sign-in, refusing locked-out usernames and addresses, then asking for the code."""

    template_name = "registration/login.html"

    def post(self, request, *args, **kwargs):
        username = request.POST.get("username", "")
        locked = lockout.current_lockout(username, client_ip(request))
        if locked is not None:
            form = self.get_form()
            form._errors, form.cleaned_data = ErrorDict(), {}  # refused unchecked: no password test
            form.add_error(None, locked.message)
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        username = self.request.POST.get("username", "")
        ip = client_ip(self.request)
        lockout.record_failure(username, ip)
        locked = lockout.current_lockout(username, ip)
        if locked is not None:
            form.errors.clear()
            form.add_error(None, locked.message)
        return super().form_invalid(form)

    def form_valid(self, form):
        user = form.get_user()
        if two_factor.active_for(user) is not None:
            self.request.session[PENDING] = {
                "user": user.pk,
                "backend": user.backend,
                "next": self.get_success_url(),
                "at": int(time.time()),
            }
            return redirect("login-code")
        lockout.clear_failures(user.get_username())
        return super().form_valid(form)


def _pending_user(request) -> tuple[User | None, dict]:
    pending = request.session.get(PENDING) or {}
    if not pending or time.time() - pending.get("at", 0) > PENDING_MAX_S:
        return None, {}
    user = User.objects.filter(pk=pending.get("user"), is_active=True).first()
    return user, pending


@never_cache
@sensitive_post_parameters("code")
@require_http_methods(["GET", "POST"])
def login_code(request):
    """Second sign-in step for users with two-factor: a code from their app, or a recovery code."""
    user, pending = _pending_user(request)
    if user is None:
        request.session.pop(PENDING, None)
        messages.info(request, "Sign in with your username and password first.")
        return redirect("login")
    device = two_factor.active_for(user)
    error = ""
    status = 200
    if request.method == "POST" and device is not None:
        ip = client_ip(request)
        locked = lockout.current_lockout(user.get_username(), ip)
        if locked is not None:
            error, status = locked.message, 429
        elif two_factor.verify(device, request.POST.get("code", "")):
            request.session.pop(PENDING, None)
            user.backend = pending["backend"]
            login(request, user, backend=pending["backend"])
            lockout.clear_failures(user.get_username())
            target = pending.get("next") or reverse("home")
            if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
                target = reverse("home")
            return HttpResponseRedirect(target)
        else:
            lockout.record_failure(user.get_username(), ip)
            error, status = "That code did not match. Try the current one from your app.", 400
    return render(request, "registration/login_code.html", {"error": error}, status=status)


@never_cache
@sensitive_post_parameters("code")
@require_http_methods(["GET", "POST"])
def two_factor_page(request):
    """Enrol (QR code, secret, confirm with a code), or turn two-factor off again."""
    user = request.user
    device = two_factor.active_for(user)
    context: dict = {"device": device}
    if request.method == "POST":
        action = request.POST.get("action", "")
        code = request.POST.get("code", "")
        if action == "confirm" and device is None:
            secret = request.session.get("hf_2fa_secret", "")
            codes = two_factor.confirm(user, secret, code) if secret else None
            if codes is not None:
                request.session.pop("hf_2fa_secret", None)
                return render(
                    request, "team/two_factor.html", {"recovery_codes": codes, "device": True}
                )
            context["error"] = "That code did not match. Check your device's clock and try again."
        elif action == "disable" and device is not None:
            if two_factor.verify(device, code):
                two_factor.disable(user)
                messages.success(request, "Two-factor sign-in is off.")
                return redirect("two-factor")
            context["error"] = "That code did not match; two-factor stays on."
        else:
            context["error"] = "Nothing to do."
    if device is None:
        secret = request.session.get("hf_2fa_secret") or two_factor.new_secret()
        request.session["hf_2fa_secret"] = secret
        uri = two_factor.provisioning_uri(user, secret)
        context.update(secret=secret, qr=two_factor.qr_data_uri(uri), uri=uri)
    status = 400 if context.get("error") else 200
    return render(request, "team/two_factor.html", context, status=status)


def admin_login(request, extra_context=None):
    """The admin's sign-in: our sign-in page (lockout and two-factor), then back to the admin."""
    target = request.GET.get("next") or reverse("admin:index")
    if request.user.is_authenticated and request.user.is_staff:
        return HttpResponseRedirect(target)
    from django.contrib.auth.views import redirect_to_login

    return redirect_to_login(target, reverse("login"))
