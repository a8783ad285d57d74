"""Pages: the business case builder, its one-page document and PDF, the success plan, and the
manager's view of outcomes by fit verdict."""

from django.urls import path

from helpfirst.success import case_views, plan_views

JOURNEY = "journeys/<int:pk>/"

urlpatterns = [
    path(f"{JOURNEY}business-case/", case_views.business_case_edit, name="business-case"),
    path(f"{JOURNEY}business-case/document/", case_views.business_case_document,
         name="business-case-document"),
    path(f"{JOURNEY}business-case/document.pdf", case_views.business_case_pdf,
         name="business-case-pdf"),
    path(f"{JOURNEY}success/", plan_views.success_plan, name="success-plan"),
    path(f"{JOURNEY}success/milestones/", plan_views.milestone_add, name="milestone-add"),
    path(f"{JOURNEY}success/milestones/<int:milestone_id>/done/", plan_views.milestone_done,
         name="milestone-done"),
    path(f"{JOURNEY}success/checkpoints/", plan_views.checkpoint_add, name="checkpoint-add"),
    path(f"{JOURNEY}success/voice/", plan_views.customer_voice, name="customer-voice"),
    path("customers/", plan_views.customer_list, name="customer-list"),
    path("outcomes/", plan_views.outcomes_by_fit, name="outcomes-by-fit"),
]
