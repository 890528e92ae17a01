"""The facilities (gyms and their courts) the emulator's events take place in.

Each has a latitude and longitude so that ``nearest`` can answer the spec's
"nearest locations" endpoint with great-circle distances.
"""

from __future__ import annotations

import math
import uuid
from dataclasses import dataclass

EARTH_RADIUS = {"KILOMETERS": 6371.0088, "MILES": 3958.7613}
_NAMESPACE = uuid.UUID("5a0d2b64-3c1e-4f0e-9a59-0c3f6e2d7a10")


@dataclass(frozen=True)
class Facility:
    """A court in a facility, with where it is."""

    facility_name: str
    court_name: str
    latitude: float
    longitude: float

    @property
    def location_id(self) -> str:
        """``/<facility id>/<court id>``, stable for a name (ids in the spec's shape)."""
        facility = uuid.uuid5(_NAMESPACE, self.facility_name)
        court = uuid.uuid5(facility, self.court_name)
        return f"/{facility}/{court}"

    def to_json(self) -> dict:
        return {"facility_name": self.facility_name, "court_name": self.court_name,
                "location_id": self.location_id}  # fmt: skip


FACILITIES = (
    Facility("ShotTracker Lab", "Main Court", 39.0236, -94.6936),
    Facility("Allen Fieldhouse", "James Naismith Court", 38.9543, -95.2525),
    Facility("Bramlage Coliseum", "Main Court", 39.2014, -96.5936),
    Facility("Hinkle Fieldhouse", "Tony Hinkle Court", 39.8420, -86.1686),
    Facility("The Palestra", "Main Court", 39.9515, -75.1899),
    Facility("Gallagher-Iba Arena", "Eddie Sutton Court", 36.1247, -97.0689),
)


def great_circle(lat1: float, lon1: float, lat2: float, lon2: float, unit: str) -> float:
    """The haversine distance between two points in ``unit`` (MILES or KILOMETERS)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS[unit] * math.asin(min(1.0, math.sqrt(a)))


def nearest(latitude: float, longitude: float, radius: float, unit: str) -> list[dict]:
    """The facilities within ``radius`` of a point, nearest first, as the endpoint lists them."""
    found = []
    for facility in FACILITIES:
        distance = great_circle(latitude, longitude, facility.latitude, facility.longitude, unit)
        if distance <= radius:
            found.append((distance, facility))
    found.sort(key=lambda pair: pair[0])
    return [{**f.to_json(), "distance": {"unit": unit, "value": round(d, 2)}} for d, f in found]
