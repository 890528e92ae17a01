"""URLs of the on-air graphics: mount with ``path("", include("dashboard.overlay.urls"))``."""

from __future__ import annotations

from django.urls import path

from dashboard.overlay import api, views

urlpatterns = [
    path("overlay/<str:key>/", views.output, name="overlay-output"),
    path("overlay/<str:key>/preview/", views.preview, name="overlay-preview"),
    path("overlay/<str:key>/template.html", views.template, name="overlay-template"),
    path("overlay/<str:key>/vmix/game.json", views.vmix_game, name="overlay-vmix-game"),
    path("overlay/<str:key>/vmix/players.json", views.vmix_players, name="overlay-vmix-players"),
    path("games/<str:game_id>/graphics/", views.panel, name="overlay-panel"),
    path("games/<str:game_id>/on-air/", views.on_air_page, name="overlay-on-air"),
    path("games/<str:game_id>/graphics/outputs", views.create_output, name="overlay-create"),
    path("games/<str:game_id>/graphics/<int:output_id>/take", views.take, name="overlay-take"),
    path("games/<str:game_id>/graphics/<int:output_id>/clear", views.clear, name="overlay-clear"),
    path("games/<str:game_id>/graphics/<int:output_id>/cue", views.cue, name="overlay-cue"),
    path(
        "games/<str:game_id>/graphics/<int:output_id>/settings",
        views.configure,
        name="overlay-settings",
    ),
    path(
        "games/<str:game_id>/graphics/<int:output_id>/revoke", views.revoke, name="overlay-revoke"
    ),
    path(
        "games/<str:game_id>/graphics/<int:output_id>/token", views.new_token, name="overlay-token"
    ),
    path("api/outputs/<str:key>", api.output_state, name="overlay-api-state"),
    *[
        path(
            f"api/outputs/<str:key>/{action}",
            api.output_action,
            {"action": action},
            name=f"overlay-api-{action}",
        )
        for action in ("cue", "take", "clear")
    ],
    path("api/games/<str:game_id>/datasource.json", views.datasource, name="overlay-datasource"),
]
