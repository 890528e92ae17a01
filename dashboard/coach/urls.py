"""The coach views, mounted at ``/coach/``."""

from __future__ import annotations

from django.urls import path

from dashboard.coach import season, views

app_name = "coach"

urlpatterns = [
    path("", views.home, name="home"),
    path("teams/<int:team_id>/", views.team, name="team"),
    path("teams/<int:team_id>/games/<str:game_id>/", views.live_game, name="live"),
    path("teams/<int:team_id>/games/<str:game_id>/panel", views.live_panel, name="live-panel"),
    path("teams/<int:team_id>/average", views.zone_average, name="average"),
    path("teams/<int:team_id>/practices/<str:game_id>/", views.practice, name="practice"),
    path(
        "teams/<int:team_id>/practices/<str:game_id>/panel",
        views.practice_panel,
        name="practice-panel",
    ),
    path("teams/<int:team_id>/season/", season.season, name="season"),
    path("teams/<int:team_id>/season/<str:section>", season.season_section, name="season-section"),
    path("teams/<int:team_id>/season.csv", season.season_csv, name="season-csv"),
]
