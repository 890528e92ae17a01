"""Dashboard URLs: the operator console's pages, partials and actions."""

from __future__ import annotations

from django.templatetags.static import static
from django.urls import path
from django.utils.functional import lazy
from django.views.generic import RedirectView

from dashboard.views import actions, discovery, pages, replay, teams

urlpatterns = [
    path("", pages.games, name="console-games"),
    path("teams/<int:team_id>/logo", teams.logo, name="team-logo"),
    path("wall/", pages.wall, name="console-wall"),
    path("games/list", pages.games_list, name="console-games-list"),
    path("games/attach", actions.attach, name="console-attach"),
    path("discover/live", discovery.live_now, name="console-live-now"),
    path("discover/locations", discovery.facilities, name="console-locations"),
    path("discover/nearest", discovery.nearest, name="console-nearest"),
    path("games/<str:game_id>/", pages.game, name="console-game"),
    path("games/<str:game_id>/boxscore", pages.box_scores, name="console-boxscore"),
    path("games/<str:game_id>/plays", pages.plays, name="console-plays"),
    path("games/<str:game_id>/shots", pages.shots, name="console-shots"),
    path("games/<str:game_id>/video", actions.mark_video, name="console-video"),
    path("games/<str:game_id>/replay", replay.movement, name="console-replay"),
    # Browsers ask for /favicon.ico before they read a page's icon link. Its (hashed) name
    # is looked up when asked: loading the URLs must not need collected static files
    # (migrate and the relay run before or without collectstatic).
    path(
        "favicon.ico",
        RedirectView.as_view(url=lazy(static, str)("favicon.svg"), permanent=True),
    ),
]
