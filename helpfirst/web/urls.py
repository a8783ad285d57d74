"""Page URLs of the web app (every domain's pages; the API lives under /api/)."""

from django.urls import path
from django.views.generic import RedirectView

from helpfirst.accounts import views as account_views
from helpfirst.journeys import views as journey_views
from helpfirst.playbook import views as playbook_views
from helpfirst.web import views

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/", account_views.account_list, name="account-list"),
    path("accounts/<int:pk>/", account_views.account_detail, name="account-detail"),
    path("accounts/<int:pk>/edit/", account_views.account_edit, name="account-edit"),
    path("accounts/<int:pk>/timeline/", account_views.account_timeline, name="account-timeline"),
    path("journeys/", journey_views.journey_list, name="journey-list"),
    path("journeys/<int:pk>/", journey_views.journey_detail, name="journey-detail"),
    path(
        "journeys/<int:pk>/stage/", journey_views.journey_stage_change, name="journey-stage-change"
    ),
    path("journeys/<int:pk>/needs/", journey_views.journey_needs_edit, name="journey-needs-edit"),
    path("journeys/<int:pk>/timeline/", journey_views.journey_timeline, name="journey-timeline"),
    path("playbook/", RedirectView.as_view(pattern_name="problem-list"), name="playbook"),
    path("playbook/problems/", playbook_views.problem_list, name="problem-list"),
    path("playbook/problems/new/", playbook_views.problem_create, name="problem-create"),
    path("playbook/problems/<int:pk>/", playbook_views.problem_detail, name="problem-detail"),
    path("playbook/problems/<int:pk>/edit/", playbook_views.problem_edit, name="problem-edit"),
    path("playbook/anti-fits/", playbook_views.antifit_list, name="antifit-list"),
    path("playbook/anti-fits/new/", playbook_views.antifit_create, name="antifit-create"),
    path("playbook/anti-fits/<int:pk>/edit/", playbook_views.antifit_edit, name="antifit-edit"),
    path("playbook/content/", playbook_views.content_list, name="content-list"),
    path("playbook/content/new/", playbook_views.content_create, name="content-create"),
    path("playbook/content/<int:pk>/edit/", playbook_views.content_edit, name="content-edit"),
]
