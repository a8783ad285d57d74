"""Plan pages, and the buyer's read-only view under /b/ (served without login)."""

from django.urls import path

from helpfirst.plans import views

urlpatterns = [
    path("journeys/<int:pk>/plan/", views.plan_page, name="plan-page"),
    path("journeys/<int:pk>/plan/start/", views.plan_start, name="plan-start"),
    path("journeys/<int:pk>/plan/print/", views.plan_print, name="plan-print"),
    path("journeys/<int:pk>/plan/steps/new/", views.plan_step_add, name="plan-step-add"),
    path(
        "journeys/<int:pk>/plan/steps/<int:step_id>/",
        views.plan_step_update,
        name="plan-step-update",
    ),
    path(
        "journeys/<int:pk>/plan/steps/<int:step_id>/delete/",
        views.plan_step_delete,
        name="plan-step-delete",
    ),
    path("journeys/<int:pk>/plan/links/", views.buyer_link_create, name="buyer-link-create"),
    path(
        "journeys/<int:pk>/plan/links/<int:link_id>/revoke/",
        views.buyer_link_revoke,
        name="buyer-link-revoke",
    ),
    path("b/<str:token>/", views.buyer_plan, name="buyer-plan"),
]
