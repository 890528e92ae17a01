"""URL configuration."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, reverse_lazy
from django.views.generic import RedirectView

from courtside.security import RateLimitedLoginView

urlpatterns = [
    # One login for everybody, with failed attempts limited: the admin's sends there too.
    path("admin/login/", RedirectView.as_view(url=reverse_lazy("login"), query_string=True)),
    path("admin/", admin.site.urls),
    path("accounts/login/", RateLimitedLoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    # Passwords are changed by their owner or reset by staff in the admin: no reset by
    # email (Courtside sends no email), so Django's password-reset pages are not routed.
    path(
        "accounts/password_change/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password_change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("", include("dashboard.api_urls")),
    path("coach/", include("dashboard.coach.urls")),
    path("", include("dashboard.overlay.urls")),
    path("", include("dashboard.urls")),
]
