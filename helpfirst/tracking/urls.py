"""Website tracking: page URLs, the public collect endpoint, tracked links and the pixel."""

from django.urls import path

from helpfirst.tracking import views

urlpatterns = [
    path("t/collect", views.collect_event, name="tracking-collect"),
    path("t/o/<str:token>.gif", views.open_pixel, name="tracking-open-pixel"),
    path("l/<str:token>", views.follow_link, name="tracking-link"),
    path("tracking/", views.site_list, name="tracking-sites"),
    path("tracking/sites/new/", views.site_edit, name="tracking-site-create"),
    path("tracking/sites/<int:pk>/", views.site_edit, name="tracking-site-edit"),
    path("tracking/sites/<int:pk>/rotate-key/", views.site_rotate_key, name="tracking-site-rotate"),
    path("tracking/settings/", views.open_tracking_settings, name="tracking-settings"),
    path("tracking/visitors/", views.visitor_list, name="tracking-visitors"),
    path("tracking/links/", views.link_list, name="tracking-links"),
]
