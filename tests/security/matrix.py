"""The access matrix: every route of the URL conf and of the websockets, and who may use it.

A row names a URL that exercises the pattern, the method, and its policy (the outcome
for each persona of ``conftest.PERSONAS``):

- ``OPERATOR``: operators (and superusers); signed-out users go to the login page,
  everyone else gets 403;
- ``COACH_TEAM``: the Hawks' coach (and superusers); another team's coach gets 404,
  as if the page did not exist; other signed-in users 403; signed-out users the login;
- ``READER_*``: the JSON API, for operators, coaches (their own team's games) and an
  output's key; 403 for anyone else;
- ``KEY``: the on-air output, its key in the URL is the credential;
- ``ADMIN``: Django's admin, staff only; ``PUBLIC``: login and logout (no password reset
  by email: staff reset passwords in the admin).
"""

from __future__ import annotations

from django.urls import URLPattern, URLResolver

from dashboard.overlay.models import Output
from tests.dashboard.coach.personas import HAWKS
from tests.security.conftest import PERSONAS, World, client_of, with_key

ALLOWED, LOGIN, FORBIDDEN, HIDDEN = "allowed", "login", "403", "404"

OPERATOR_ONLY = {
    "operator": ALLOWED, "superuser": ALLOWED, "anonymous": LOGIN, "key": LOGIN,
    "nobody": FORBIDDEN, "coach": FORBIDDEN, "other_coach": FORBIDDEN,
}  # fmt: skip
POLICIES: dict[str, dict[str, str]] = {
    "OPERATOR": OPERATOR_ONLY,
    "COACH_TEAM": {
        "coach": ALLOWED,
        "superuser": ALLOWED,
        "other_coach": HIDDEN,
        "operator": FORBIDDEN,
        "nobody": FORBIDDEN,
        "anonymous": LOGIN,
        "key": LOGIN,
    },
    "COACH_HOME": {
        "coach": ALLOWED,
        "other_coach": ALLOWED,
        "superuser": ALLOWED,
        "operator": FORBIDDEN,
        "nobody": FORBIDDEN,
        "anonymous": LOGIN,
        "key": LOGIN,
    },
    "READER_LIST": {
        "operator": ALLOWED,
        "superuser": ALLOWED,
        "coach": ALLOWED,
        "other_coach": ALLOWED,
        "key": ALLOWED,
        "anonymous": FORBIDDEN,
        "nobody": FORBIDDEN,
    },
    "READER_GAME": {
        "operator": ALLOWED,
        "superuser": ALLOWED,
        "coach": ALLOWED,
        "key": ALLOWED,
        "other_coach": HIDDEN,
        "anonymous": FORBIDDEN,
        "nobody": FORBIDDEN,
    },
    # The data source of title templates: the output's key or an operator; to anyone else
    # it answers an empty 404 (a wrong key learns nothing, not even that the game exists).
    "KEY_OR_OPERATOR": {
        "operator": ALLOWED,
        "superuser": ALLOWED,
        "key": ALLOWED,
        "anonymous": HIDDEN,
        "nobody": HIDDEN,
        "coach": HIDDEN,
        "other_coach": HIDDEN,
    },
    "KEY": dict.fromkeys(PERSONAS, ALLOWED),
    # The control API: only the output's control token (in a header) drives it; a session,
    # an operator's included, or the overlay key is refused alike.
    "CONTROL_TOKEN": dict.fromkeys(PERSONAS, "401"),
    # A team's logo is public (graphics and vMix load it); the world's teams have none.
    "PUBLIC_NONE_HERE": dict.fromkeys(PERSONAS, HIDDEN),
    "ADMIN": {**dict.fromkeys(PERSONAS, LOGIN), "superuser": ALLOWED},
    "ADMIN_UNKNOWN": {**dict.fromkeys(PERSONAS, LOGIN), "superuser": HIDDEN},
    # No model has an autocomplete field: staff are refused what does not exist.
    "ADMIN_NOTHING": {**dict.fromkeys(PERSONAS, LOGIN), "superuser": FORBIDDEN},
    "TO_LOGIN": dict.fromkeys(PERSONAS, LOGIN),
    "PUBLIC": dict.fromkeys(PERSONAS, ALLOWED),
    "SIGNED_IN": {**dict.fromkeys(PERSONAS, ALLOWED), "anonymous": LOGIN, "key": LOGIN},
    # ShotTracker's callback: PUT only, its notify id is the credential (test_hostile_input).
    "NOTIFY": dict.fromkeys(PERSONAS, "405"),
}

G, P, T = "game-1", "practice-1", HAWKS  # the live game, the practice, the Hawks' team id
# pattern -> (URL that exercises it, method, policy). {key}, {output} and {user} are the
# world's output key and id and the operator's user id; {group} the operator's group,
# {profile} the Hawks' coach's profile.
PAGES: dict[str, tuple[str, str, str]] = {
    # the console
    "": ("/", "GET", "OPERATOR"),
    "games/list": ("/games/list", "GET", "OPERATOR"),
    "wall/": ("/wall/", "GET", "OPERATOR"),
    "games/attach": ("/games/attach", "POST", "OPERATOR"),
    "discover/live": ("/discover/live", "GET", "OPERATOR"),
    "discover/locations": ("/discover/locations", "GET", "OPERATOR"),
    "discover/nearest": ("/discover/nearest?lat=40.1&lon=-88.2", "GET", "OPERATOR"),
    "games/<str:game_id>/": (f"/games/{G}/", "GET", "OPERATOR"),
    "games/<str:game_id>/boxscore": (f"/games/{G}/boxscore", "GET", "OPERATOR"),
    "games/<str:game_id>/plays": (f"/games/{G}/plays", "GET", "OPERATOR"),
    "games/<str:game_id>/shots": (f"/games/{G}/shots", "GET", "OPERATOR"),
    "games/<str:game_id>/video": (f"/games/{G}/video", "POST", "OPERATOR"),
    "games/<str:game_id>/replay": (f"/games/{G}/replay?of=now", "GET", "OPERATOR"),
    "favicon.ico": ("/favicon.ico", "GET", "PUBLIC"),
    # on-air graphics
    "overlay/<str:key>/": ("/overlay/{key}/", "GET", "KEY"),
    "overlay/<str:key>/preview/": ("/overlay/{key}/preview/", "GET", "OPERATOR"),
    "overlay/<str:key>/template.html": ("/overlay/{key}/template.html", "GET", "KEY"),
    "overlay/<str:key>/vmix/game.json": ("/overlay/{key}/vmix/game.json", "GET", "KEY"),
    "overlay/<str:key>/vmix/players.json": ("/overlay/{key}/vmix/players.json", "GET", "KEY"),
    "games/<str:game_id>/on-air/": (f"/games/{G}/on-air/", "GET", "OPERATOR"),
    "games/<str:game_id>/graphics/<int:output_id>/token": (
        f"/games/{G}/graphics/{{output}}/token", "POST", "OPERATOR"),
    "api/outputs/<str:key>": ("/api/outputs/{key}", "GET", "CONTROL_TOKEN"),
    "api/outputs/<str:key>/cue": ("/api/outputs/{key}/cue", "POST", "CONTROL_TOKEN"),
    "api/outputs/<str:key>/take": ("/api/outputs/{key}/take", "POST", "CONTROL_TOKEN"),
    "api/outputs/<str:key>/clear": ("/api/outputs/{key}/clear", "POST", "CONTROL_TOKEN"),
    "teams/<int:team_id>/logo": (f"/teams/{T}/logo", "GET", "PUBLIC_NONE_HERE"),
    "games/<str:game_id>/graphics/": (f"/games/{G}/graphics/", "GET", "OPERATOR"),
    "games/<str:game_id>/graphics/outputs": (f"/games/{G}/graphics/outputs", "POST", "OPERATOR"),
    "games/<str:game_id>/graphics/<int:output_id>/take": (
        f"/games/{G}/graphics/{{output}}/take", "POST", "OPERATOR"),
    "games/<str:game_id>/graphics/<int:output_id>/clear": (
        f"/games/{G}/graphics/{{output}}/clear", "POST", "OPERATOR"),
    "games/<str:game_id>/graphics/<int:output_id>/cue": (
        f"/games/{G}/graphics/{{output}}/cue", "POST", "OPERATOR"),
    "games/<str:game_id>/graphics/<int:output_id>/settings": (
        f"/games/{G}/graphics/{{output}}/settings", "POST", "OPERATOR"),
    "games/<str:game_id>/graphics/<int:output_id>/revoke": (
        f"/games/{G}/graphics/{{output}}/revoke", "POST", "OPERATOR"),
    "api/games/<str:game_id>/datasource.json": (
        f"/api/games/{G}/datasource.json", "GET", "KEY_OR_OPERATOR"),
    # the JSON API and ShotTracker's callback
    "api/games/": ("/api/games/", "GET", "READER_LIST"),
    "api/games/<str:game_id>/state": (f"/api/games/{G}/state", "GET", "READER_GAME"),
    "hooks/shottracker/notify": ("/hooks/shottracker/notify", "GET", "NOTIFY"),
    # the coach views
    "coach/": ("/coach/", "GET", "COACH_HOME"),
    "coach/teams/<int:team_id>/": (f"/coach/teams/{T}/", "GET", "COACH_TEAM"),
    "coach/teams/<int:team_id>/games/<str:game_id>/": (
        f"/coach/teams/{T}/games/{G}/", "GET", "COACH_TEAM"),
    "coach/teams/<int:team_id>/games/<str:game_id>/panel": (
        f"/coach/teams/{T}/games/{G}/panel", "GET", "COACH_TEAM"),
    "coach/teams/<int:team_id>/average": (f"/coach/teams/{T}/average", "GET", "COACH_TEAM"),
    "coach/teams/<int:team_id>/practices/<str:game_id>/": (
        f"/coach/teams/{T}/practices/{P}/", "GET", "COACH_TEAM"),
    "coach/teams/<int:team_id>/practices/<str:game_id>/panel": (
        f"/coach/teams/{T}/practices/{P}/panel", "GET", "COACH_TEAM"),
    "coach/teams/<int:team_id>/season/": (f"/coach/teams/{T}/season/", "GET", "COACH_TEAM"),
    "coach/teams/<int:team_id>/season/<str:section>": (
        f"/coach/teams/{T}/season/zones", "GET", "COACH_TEAM"),
    "coach/teams/<int:team_id>/season.csv": (f"/coach/teams/{T}/season.csv", "GET", "COACH_TEAM"),
    # accounts
    "accounts/login/": ("/accounts/login/", "GET", "PUBLIC"),
    "accounts/logout/": ("/accounts/logout/", "POST", "PUBLIC"),
    "accounts/password_change/": ("/accounts/password_change/", "GET", "SIGNED_IN"),
    "accounts/password_change/done/": ("/accounts/password_change/done/", "GET", "SIGNED_IN"),
    # Django's admin (its login sends to the one rate-limited login page)
    "admin/login/": ("/admin/login/", "GET", "TO_LOGIN"),
    "admin/": ("/admin/", "GET", "ADMIN"),
    "admin/logout/": ("/admin/logout/", "POST", "PUBLIC"),
    "admin/password_change/": ("/admin/password_change/", "GET", "ADMIN"),
    "admin/password_change/done/": ("/admin/password_change/done/", "GET", "ADMIN"),
    "admin/autocomplete/": ("/admin/autocomplete/", "GET", "ADMIN_NOTHING"),
    "admin/jsi18n/": ("/admin/jsi18n/", "GET", "ADMIN"),
    "admin/r/<path:content_type_id>/<path:object_id>/": ("/admin/r/1/1/", "GET", "ADMIN_UNKNOWN"),
    "admin/auth/group/": ("/admin/auth/group/", "GET", "ADMIN"),
    "admin/auth/group/add/": ("/admin/auth/group/add/", "GET", "ADMIN"),
    "admin/auth/group/<path:object_id>/history/": (
        "/admin/auth/group/{group}/history/", "GET", "ADMIN"),
    "admin/auth/group/<path:object_id>/delete/": (
        "/admin/auth/group/{group}/delete/", "GET", "ADMIN"),
    "admin/auth/group/<path:object_id>/change/": (
        "/admin/auth/group/{group}/change/", "GET", "ADMIN"),
    "admin/auth/group/<path:object_id>/": ("/admin/auth/group/{group}/", "GET", "ADMIN"),
    "admin/auth/user/<id>/password/": ("/admin/auth/user/{user}/password/", "GET", "ADMIN"),
    "admin/auth/user/": ("/admin/auth/user/", "GET", "ADMIN"),
    "admin/auth/user/add/": ("/admin/auth/user/add/", "GET", "ADMIN"),
    "admin/auth/user/<path:object_id>/history/": (
        "/admin/auth/user/{user}/history/", "GET", "ADMIN"),
    "admin/auth/user/<path:object_id>/delete/": (
        "/admin/auth/user/{user}/delete/", "GET", "ADMIN"),
    "admin/auth/user/<path:object_id>/change/": (
        "/admin/auth/user/{user}/change/", "GET", "ADMIN"),
    "admin/auth/user/<path:object_id>/": ("/admin/auth/user/{user}/", "GET", "ADMIN"),
    "admin/dashboard/coachprofile/": ("/admin/dashboard/coachprofile/", "GET", "ADMIN"),
    "admin/dashboard/coachprofile/add/": ("/admin/dashboard/coachprofile/add/", "GET", "ADMIN"),
    "admin/dashboard/coachprofile/<path:object_id>/history/": (
        "/admin/dashboard/coachprofile/{profile}/history/", "GET", "ADMIN"),
    "admin/dashboard/coachprofile/<path:object_id>/delete/": (
        "/admin/dashboard/coachprofile/{profile}/delete/", "GET", "ADMIN"),
    "admin/dashboard/coachprofile/<path:object_id>/change/": (
        "/admin/dashboard/coachprofile/{profile}/change/", "GET", "ADMIN"),
    "admin/dashboard/coachprofile/<path:object_id>/": (
        "/admin/dashboard/coachprofile/{profile}/", "GET", "ADMIN"),
    # (No team identity exists in the world: the admin sends staff back to the list.)
    "admin/dashboard/teamidentity/": ("/admin/dashboard/teamidentity/", "GET", "ADMIN"),
    "admin/dashboard/teamidentity/add/": ("/admin/dashboard/teamidentity/add/", "GET", "ADMIN"),
    "admin/dashboard/teamidentity/<path:object_id>/history/": (
        "/admin/dashboard/teamidentity/1/history/", "GET", "ADMIN"),
    "admin/dashboard/teamidentity/<path:object_id>/delete/": (
        "/admin/dashboard/teamidentity/1/delete/", "GET", "ADMIN"),
    "admin/dashboard/teamidentity/<path:object_id>/change/": (
        "/admin/dashboard/teamidentity/1/change/", "GET", "ADMIN"),
    "admin/dashboard/teamidentity/<path:object_id>/": (
        "/admin/dashboard/teamidentity/1/", "GET", "ADMIN"),
    "admin/^(?P<app_label>auth|dashboard)/$": ("/admin/dashboard/", "GET", "ADMIN"),
    "admin/(?P<url>.*)$": ("/admin/no-such-page/", "GET", "ADMIN_UNKNOWN"),
}  # fmt: skip

# What the POSTs carry for the roles allowed to make them (their outcome is not the point:
# only that the right role gets through and every other is refused before anything runs).
FORMS = {
    "games/attach": {"live_id": "test"},
    "games/<str:game_id>/video": {"live_id": "h1", "video_id": "tape-1"},
    "games/<str:game_id>/graphics/outputs": {"name": "Stadium screen"},
    "games/<str:game_id>/graphics/<int:output_id>/take": {"graphic": "scorebug"},
    "games/<str:game_id>/graphics/<int:output_id>/cue": {"graphic": "scorebug"},
    "games/<str:game_id>/graphics/<int:output_id>/settings": {"delay": "2"},
}


def routes(patterns, prefix: str = "") -> list[str]:
    """Every route of a URL conf, includes flattened."""
    found = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            found += routes(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            found.append(prefix + str(pattern.pattern))
    return found


def outcome(response) -> str:
    """What a persona got: in, the login page, 403, 404, or another status."""
    status = response.status_code
    location = response.get("Location", "")
    if status in (301, 302) and (
        location.startswith("/accounts/login/") or location.startswith("/admin/login/")
    ):
        return LOGIN
    if status in (401, 403, 404, 405):
        return str(status)
    assert status != 500, f"a server error:\n{response.content[:2000]!r}"
    return ALLOWED


def ask(world: World, persona: str, route: str):
    url, method, _policy = PAGES[route]
    url = url.format(
        key=world.key,
        output=world.output.pk,
        user=world.users["operator"].pk,
        group=world.users["operator"].groups.first().pk,
        profile=world.users["coach"].coach_profile.pk,
    )
    if persona == "key" and "{key}" not in PAGES[route][0]:
        url = with_key(url, world.key)
    client = client_of(world, persona)
    if method == "GET":
        return client.get(url)
    try:
        return client.post(url, FORMS.get(route, {}))
    finally:
        # A revoke is for good: the next persona asks about a live output again.
        Output.objects.filter(pk=world.output.pk).update(revoked=False)


SOCKETS: dict[str, tuple[str, str]] = {
    "ws/games/<str:game_id>/": (f"/ws/games/{G}/", "OPERATOR"),
    "ws/games/<str:game_id>/graphics/": (f"/ws/games/{G}/graphics/", "OPERATOR"),
    "ws/overlay/<str:key>/": ("/ws/overlay/{key}/", "KEY"),
    "ws/overlay/<str:key>/preview/": ("/ws/overlay/{key}/preview/", "OPERATOR"),
    "ws/wall/": ("/ws/wall/", "OPERATOR"),
    # A template's socket (any origin: CasparCG's templates folder); the key is the credential.
    "ws/overlay/<str:key>/graphic/": ("/ws/overlay/{key}/graphic/", "KEY"),
}
# A socket refuses by accepting, then closing with a code a browser can read.
SOCKET_REFUSAL = {LOGIN: 4403, FORBIDDEN: 4403}
