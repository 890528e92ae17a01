"""Fault hooks of the emulator for the relay's tests: what the feed says and REST does not."""

from __future__ import annotations

import asyncio

from shottracker.emulator.simulator import Player

from .conftest import next_frame, open_feed, subscribe


async def stats_frames(socket, count: int) -> list[dict]:
    frames = []
    while len(frames) < count:
        frame = await next_frame(socket)
        if frame.get("type") == "stats":
            frames.append(frame["data"])
    return frames


async def the_frame_and_its_version_again(socket, sent: dict) -> tuple[dict, dict]:
    """Read the feed up to the injected frame, then up to the next one of its version."""
    while (frame := (await stats_frames(socket, 1))[0]) != sent["data"]:
        pass
    while (real := (await stats_frames(socket, 1))[0])["version"] < frame["version"]:
        pass
    return frame, real


async def catch_up(api, event_id: str) -> dict:
    response = await api.get(f"/v1/data/stats/games/{event_id}/stats,details")
    assert response.status_code == 200
    return response.json()


async def test_an_unrostered_players_frame_reaches_the_feed_but_no_rest_view(emulator, api):
    handle = emulator.start_game(seed=51, speed=4.0)
    token = (await subscribe(api, handle.live_ids[0]))["token"]
    async with await open_feed(emulator, token) as socket:
        await next_frame(socket)  # the ack
        sent = emulator.send_unrostered_stats(handle, player_id=990_001)
        first, real = await the_frame_and_its_version_again(socket, sent)

    assert real["version"] == first["version"]  # the real message of that version follows
    body = await catch_up(api, handle.event_id)
    assert 990_001 not in {p["id"] for t in body["stats"] for p in t["player_stats"]}
    assert 990_001 not in {d["player_id"] for d in body["details"]}


async def test_an_impossible_stat_reaches_the_feed_with_the_next_real_version(emulator, api):
    handle = emulator.start_game(seed=52, speed=4.0)
    token = (await subscribe(api, handle.live_ids[0]))["token"]
    async with await open_feed(emulator, token) as socket:
        await next_frame(socket)
        await stats_frames(socket, 3)  # let the players have totals
        sent = emulator.send_impossible_stats(handle, extra_points=50)
        bad, real = await the_frame_and_its_version_again(socket, sent)

    assert real["version"] == bad["version"]
    body = await catch_up(api, handle.event_id)
    (stored,) = [d for d in body["details"] if d["version"] == bad["version"]]
    assert stored["stats"] != bad["stats"]


async def test_a_signed_player_is_on_the_roster_and_scores_for_real(emulator, api):
    handle = emulator.start_game(seed=53, speed=4.0)
    team = handle.event.teams[1]
    rookie = Player(8_888, "Remy", "Rookie", "Remy Rookie", 99, "guard", "")

    emulator.sign_player(handle, team.id, rookie)
    for _ in range(200):  # the basket goes out with the game's next emission
        if rookie.id in handle.event.totals:
            break
        await asyncio.sleep(0.05)

    roster = await subscribe(api, handle.live_ids[0])
    assert rookie.id in {p["id"] for t in roster["teams"] for p in t["players"]}
    body = await catch_up(api, handle.event_id)
    (basket,) = [d for d in body["details"] if d["player_id"] == rookie.id]
    assert (basket["classification"], basket["stats"]["PTS"], basket["team_id"]) == (
        "TWO_POINT_MAKE",
        2.0,
        team.id,
    )


async def test_a_lagging_rest_shows_the_game_as_it_stood_a_while_ago(emulator, api):
    handle = emulator.start_game(seed=54, speed=30.0)
    await asyncio.sleep(0.5)
    emulator.lag_rest(handle, 2.0)
    await asyncio.sleep(1.5)

    lagging = max((d["version"] for d in (await catch_up(api, handle.event_id))["details"]),
                  default=0)  # fmt: skip
    sent = handle.event.details[-1]["version"]
    assert lagging < sent
    emulator.lag_rest(handle, 0)
    current = max(d["version"] for d in (await catch_up(api, handle.event_id))["details"])
    assert current >= sent
