"""Teams and players: deterministic, real-sounding rosters for a seed."""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass

FIRST_NAMES = (
    "Marcus", "Jalen", "Tyler", "Devin", "Jordan", "Isaiah", "Caleb", "Malik", "Andre", "Trevor",
    "Darius", "Cameron", "Elijah", "Xavier", "Nathan", "Cole", "Brandon", "Quentin", "Derrick",
    "Evan", "Terrence", "Jamal", "Kendall", "Omar", "Luka", "Mateo", "Noah", "Aidan", "Sam",
    "Reggie", "Miles", "Dante", "Khalil", "Grant", "Owen", "Jaylen", "Trey", "Micah", "Zion",
    "Bryce", "Collin", "Desmond", "Hunter", "Ivan", "Julian", "Kobe", "Lamar", "Nico", "Rashad",
)  # fmt: skip
LAST_NAMES = (
    "Johnson", "Williams", "Carter", "Mitchell", "Brooks", "Hayes", "Coleman", "Reed", "Porter",
    "Sullivan", "Bennett", "Foster", "Griffin", "Hughes", "Jenkins", "Kelly", "Lawson", "Morris",
    "Nelson", "Owens", "Patterson", "Quinn", "Russell", "Simmons", "Thompson", "Underwood",
    "Vaughn", "Wallace", "Young", "Barnes", "Caldwell", "Dawson", "Ellis", "Fleming", "Gibson",
    "Holloway", "Ingram", "Jordan", "Kovac", "Lindqvist", "Mbeki", "Novak", "Okafor", "Petrovic",
    "Ramirez", "Sato", "Tanaka", "Diallo", "Abernathy", "Whitaker", "Oduya", "Fitzgerald",
)  # fmt: skip
SCHOOLS = (
    "Riverside", "Lakeview", "Northgate", "Summit", "Cedar Falls", "Harbor City", "Ironwood",
    "Pine Ridge", "Westbrook", "Eastfield", "Granite State", "Redwood", "Silver Lake", "Bayshore",
    "Stonebridge", "Maple Valley", "Crestwood", "Highland", "Foxborough", "Clearwater",
)  # fmt: skip
MASCOTS = (
    "Hawks", "Wolves", "Falcons", "Titans", "Pioneers", "Mustangs", "Comets", "Bulldogs",
    "Hornets", "Rams", "Panthers", "Knights", "Owls", "Storm", "Grizzlies", "Mariners",
)  # fmt: skip
JERSEYS = (0, 1, 2, 3, 4, 5, 10, 11, 12, 13, 14, 15, 20, 21, 22, 23, 24, 25, 30, 31, 32, 33, 34,
           35, 40, 41, 42, 43, 44, 45, 50, 51, 52, 53, 54, 55)  # fmt: skip
# A 12-13 player roster: five guards, four or five forwards, three centers.
POSITIONS = {12: ("guard",) * 5 + ("forward",) * 4 + ("center",) * 3,
             13: ("guard",) * 5 + ("forward",) * 5 + ("center",) * 3}  # fmt: skip


@dataclass(slots=True)
class Player:
    """A rostered player as ``_subscribe`` lists it."""

    id: int
    first_name: str
    last_name: str
    display_name: str
    jersey_number: int
    position: str  # guard | forward | center
    profile_image_link: str


@dataclass(slots=True)
class Team:
    """A team and its roster (the first team of a game is the home team)."""

    id: int
    name: str
    players: list[Player]


def make_live_id(rng: random.Random) -> str:
    """A uuid-shaped id drawn from ``rng`` (the same seed gives the same ids)."""
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def make_teams(seed: int, count: int = 2) -> list[Team]:
    """``count`` teams with distinct ids, names and 12-13 player rosters, the same for a seed."""
    rng = random.Random(f"teams:{seed}")
    schools = rng.sample(SCHOOLS, count)
    mascots = rng.sample(MASCOTS, count)
    team_ids = rng.sample(range(400, 1000), count)
    player_ids = iter(rng.sample(range(1000, 9999), 13 * count))
    used_names: set[tuple[str, str]] = set()
    teams = []
    for school, mascot, team_id in zip(schools, mascots, team_ids, strict=True):
        size = rng.choice((12, 13))
        positions = POSITIONS[size]
        jerseys = rng.sample(JERSEYS, size)
        players = []
        for position, jersey in zip(positions, jerseys, strict=True):
            while True:
                first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
                if (first, last) not in used_names:
                    used_names.add((first, last))
                    break
            players.append(
                Player(
                    id=next(player_ids),
                    first_name=first,
                    last_name=last,
                    display_name=f"{first} {last}",
                    jersey_number=jersey,
                    position=position,
                    profile_image_link="",
                )
            )
        teams.append(Team(id=team_id, name=f"{school} {mascot}", players=players))
    return teams
