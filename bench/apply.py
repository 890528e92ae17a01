"""CPU per feed message on the relay's apply path: ``python -m bench.apply [TAPE ...]``.

Every stats, shot and marker frame of the tapes (default: tests/tapes/game-halves.jsonl.gz),
parsed once as the feed parses it, goes through ``GameLog.record`` (model, identity, seq,
row) as the relay hands it over; the loop runs ``--rounds`` times on a fresh model with the
tape's players on its rosters and prints the process CPU per message. Process CPU, not wall
time: another process on the machine moves it less (run it a few times and take the least).
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from broadcast.game import Game, PlayerInfo, TeamInfo
from broadcast.log import GameLog
from shottracker.errors import MalformedMessage
from shottracker.models import Marker, Shot, Stats, parse_feed_message
from shottracker.tape import read_tape

DEFAULT_TAPE = Path(__file__).resolve().parents[1] / "tests" / "tapes" / "game-halves.jsonl.gz"


def messages(path: Path) -> list[tuple[str, Stats | Shot | Marker]]:
    out = []
    for line in read_tape(path).feed_lines():
        if line.raw is None:
            continue
        try:
            message = parse_feed_message(json.loads(line.raw))
        except (ValueError, MalformedMessage):
            continue
        if type(message) in (Stats, Shot, Marker):
            out.append((line.live_id, message))
    return out


def rostered_game(feed: list[tuple[str, Stats | Shot | Marker]]) -> Game:
    players: dict[int, set[int]] = {}
    for _, m in feed:
        if type(m) is not Marker:
            players.setdefault(m.team_id, set()).add(m.player_id)
    game = Game("bench")
    game.set_teams([
        TeamInfo(team, f"Team {team}",
                 [PlayerInfo(p, "P", str(p), f"P {p}", p % 100, None) for p in sorted(ids)])
        for team, ids in players.items()
    ])  # fmt: skip
    return game


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tapes", nargs="*", type=Path, default=[DEFAULT_TAPE])
    parser.add_argument("--rounds", type=int, default=80)
    args = parser.parse_args()
    for path in args.tapes:
        feed = messages(path)
        spent = 0.0
        for _ in range(args.rounds):
            log = GameLog(rostered_game(feed))
            start = time.process_time()
            for live_id, message in feed:
                log.record(message, live_id=live_id, received_ms=0)
            spent += time.process_time() - start
        per = spent / (len(feed) * args.rounds) * 1e6
        print(f"{path.name}: {len(feed)} stats/shot/marker messages x {args.rounds}: "
              f"{per:.1f} us CPU per message")  # fmt: skip


if __name__ == "__main__":
    main()
