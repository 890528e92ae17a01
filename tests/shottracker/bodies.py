"""Answer bodies exactly as the spec's examples show them, and docs/wire.md's where it is silent."""

from __future__ import annotations

ERROR_400 = {
    "status": 400,
    "message": "The live id is no longer active",
    "shottrackerRequestId": "f1e80480-e1d5-4684-a619-402984b5c9ba",
}

LIVE_INFO = {
    "teams": [
        {
            "id": 461,
            "name": "TeamAppTeam",
            "live": {
                "started_at": 1484940405508,
                "id": "6141681d-df46-11e6-a818-f20e96351dc1",
                "type": "SHOOTING",
                "name": "flex test",
                "facility_name": "ShotTracker Lab",
                "court_name": "Main Court",
                "location_id": "/114118d4-2e50-11e6-b4a4-deecc6e6f111/"
                "9e4118d4-2e50-11e6-b4a4-deecc6e6f112",
                "is_practice_event": True,
                "is_game_event": False,
                "event": {
                    "started_at": 1484940405508,
                    "id": "56141681d-df46-11e6-a818-f20e96351dc1",
                    "name": "Adhoc Practice",
                },
            },
        }
    ]
}

LIVE_SEARCH = {  # docs/wire.md
    "live": [
        {
            "id": "cf56d0aa-06c4-11e8-bb65-0242286dfad2",
            "type": "GAME_ROUND",
            "name": None,
            "started_at": 1500571319432,
            "facility_name": "Allen Fieldhouse",
            "court_name": "Main Court",
            "location_id": "/a/b",
            "is_practice_event": False,
            "is_game_event": True,
            "event": {"id": "ev-1", "name": "Home vs Away", "started_at": 1500571300000},
            "teams": [{"id": 461, "name": "Home"}, {"id": 462, "name": "Away"}],
        }
    ]
}

SUBSCRIPTION = {
    "token": "6141681d-df46-11e6-a818-f20e96351dc1",
    "token_data_types": ["STATS", "SHOTS", "LOCATIONS"],
    "active_state": "LIVE",
    "teams": [
        {
            "id": 461,
            "name": "TeamAppTeam",
            "players": [
                {
                    "id": 123,
                    "first_name": "John",
                    "last_name": "Doe",
                    "display_name": "John Doe",
                    "jersey_number": 1,
                    "position": "center",
                    "profile_image_link": "<image link>",
                }
            ],
        }
    ],
    "_stats": "https://api.shottracker.com/v1/data/live/6141681d-df46-11e6-a818-f20e96351dc1/stats",
    "_stats_details": "https://api.shottracker.com/v1/data/live/"
    "6141681d-df46-11e6-a818-f20e96351dc1/stats/details",
    "_shots": "https://api.shottracker.com/v1/data/live/6141681d-df46-11e6-a818-f20e96351dc1/shots",
    "event_completed_results": [
        {
            "id": "a59e3734-101f-11e8-be3e-0242286dfad2",
            "type": "GAME_ROUND",
            "name": None,
            "_stats": "http://api.shottracker.com/v1/data/live/"
            "a59e3734-101f-11e8-be3e-0242286dfad2/stats",
            "_stats_details": "http://api.shottracker.com/v1/data/live/"
            "a59e3734-101f-11e8-be3e-0242286dfad2/stats/details",
            "_shots": "http://api.shottracker.com/v1/data/live/"
            "a59e3734-101f-11e8-be3e-0242286dfad2/shots",
        }
    ],
}

COURT = {
    "xne": 0,
    "yne": 0,
    "xse": 2,
    "yse": 2,
    "xsw": 4,
    "ysw": 4,
    "xnw": 6,
    "ynw": 6,
    "hoops": [{"x": 0, "y": 0, "z": 13}, {"x": 10, "y": 10, "z": 23}],
}

PLAYER_DETAILS = {
    "id": 123,
    "firstname": "John",
    "lastname": "Doe",
    "profile_image_link": "<image link>",
}

TEAM_PLAYER_STATS = {
    "id": 461,
    "player_stats": [
        {
            "id": 123,
            "player_details": PLAYER_DETAILS,
            "version": 1,
            "stats": {"FG": 1, "FGA": 2, "PTS": 2},
        }
    ],
}

LIVE_STATS = {"teams": [TEAM_PLAYER_STATS]}

STATS_DETAILS = {
    "teams": [
        {
            "id": 461,
            "player_stats": [
                {
                    "id": 123,
                    "player_details": PLAYER_DETAILS,
                    "stats": {
                        "FGA": [
                            {"occurred_at": 123456789, "value": 1},
                            {"occurred_at": 234567890, "value": 1},
                        ],
                        "FG": [{"occurred_at": 123456789, "value": 1}],
                        "PTS": [{"occurred_at": 123456789, "value": 2}],
                    },
                }
            ],
        }
    ]
}

TEAM_PLAYER_SHOTS = {
    "id": 461,
    "player_shots": [
        {
            "id": 123,
            "player_details": PLAYER_DETAILS,
            "shots": [
                {
                    "occurred_at": 123456789,
                    "is_make": True,
                    "is_3point": True,
                    "zone": 1,
                    "hoop_player_x": 12,
                    "hoop_player_y": 3,
                    "status": "RECORDED",
                }
            ],
        }
    ],
}

LIVE_SHOTS = {"teams": [TEAM_PLAYER_SHOTS]}

NOTIFIES = {
    "notifications": [
        {"id": "abc-123", "action": "LIVE", "url": "http://localhost", "end_notification": False}
    ]
}

LOCATIONS = {
    "locations": [
        {
            "facility_name": "Test Facility",
            "court_name": "Test Facility Main Court",
            "location_id": "/114118d4-2e50-11e6-b4a4-deecc6e6f111/"
            "9e4118d4-2e50-11e6-b4a4-deecc6e6f112",
        }
    ]
}

NEAREST_LOCATIONS = {
    "locations": [
        {
            "facility_name": "Joes Gym",
            "court_name": "main court",
            "location_id": "/114118d4-2e50-11e6-b4a4-deecc6e6f112/"
            "9e4118d4-2e50-11e6-b4a4-deecc6e6f122",
            "distance": {"unit": "MILES", "value": 11.76},
        }
    ]
}

USER_PROFILE = {
    "id": 123,
    "first_name": "User First Name",
    "last_name": "User Last Name",
    "email": "user@shottracker.com",
}

TEAMS = {"teams": [{"id": 46, "name": "Test Team"}]}

TEAM_EVENTS = {
    "events": [
        {
            "id": "cf3ba789-06c4-11e8-bb65-0242286dfad2",
            "name": "TeamAppTeam vs TestTeamAlpha",
            "results": [
                {
                    "id": "cf56d0aa-06c4-11e8-bb65-0242286dfad2",
                    "name": None,
                    "type": "GAME_ROUND",
                    "started_at": 1517430299810,
                    "ended_at": 1517431728868,
                    "_stats": "https://api.shottracker.com/v1/data/live/"
                    "cf56d0aa-06c4-11e8-bb65-0242286dfad2/stats",
                    "_stats_details": "https://api.shottracker.com/v1/data/live/"
                    "cf56d0aa-06c4-11e8-bb65-0242286dfad2/stats/details",
                    "_shots": "https://api.shottracker.com/v1/data/live/"
                    "cf56d0aa-06c4-11e8-bb65-0242286dfad2/shots",
                },
                {
                    "id": "23d3344b-06c8-11e8-bb65-0242286dfad2",
                    "name": None,
                    "type": "GAME_ROUND",
                    "started_at": 1517431730064,
                    "ended_at": 1517431732978,
                    "_stats": "https://api.shottracker.com/v1/data/live/"
                    "23d3344b-06c8-11e8-bb65-0242286dfad2/stats",
                    "_stats_details": "https://api.shottracker.com/v1/data/live/"
                    "23d3344b-06c8-11e8-bb65-0242286dfad2/stats/details",
                    "_shots": "https://api.shottracker.com/v1/data/live/"
                    "23d3344b-06c8-11e8-bb65-0242286dfad2/shots",
                },
            ],
            "is_practice_event": False,
            "is_game_event": True,
            "started_at": 1517430299810,
            "ended_at": 1517431732978,
        }
    ]
}

GAME_TOTALS = {  # the event API's example
    "awayTeamScore": {"teamId": "2", "value": 22},
    "homeTeamScore": {"teamId": "1", "value": 11},
    "period": "H2",
    "gameClock": "00:15:00",
    "status": "ACTIVE",
    "periodTotals": [
        {
            "awayTeamScore": {"teamId": "2", "value": 2},
            "homeTeamScore": {"teamId": "1", "value": 10},
            "period": "H2",
            "sessionId": "37c2cf99-05fb-11f1-8a55-0211f60c14bb",
        },
        {
            "awayTeamScore": {"teamId": "2", "value": 20},
            "homeTeamScore": {"teamId": "1", "value": 1},
            "period": "H1",
            "sessionId": "37c2cf99-05fb-11f1-8a55-0211f60c14aa",
        },
    ],
}

CATCH_UP = {  # docs/wire.md's shapes around the event API's gameTotals
    "stats": [{"id": 1, "player_stats": [{
        "id": 123, "player_details": PLAYER_DETAILS, "version": 2,
        "stats": {"FGA": 1.0, "FG": 1.0, "PTS": 3.0, "FGA3": 1.0, "FG3": 1.0}}]}],
    "details": [
        {"version": 1, "occurred_at": 1500571319000, "team_id": 1, "player_id": 123,
         "classification": "DISTANCE", "stats": {"DIST": 1200.0}, "period": "H1",
         "session_id": "37c2cf99-05fb-11f1-8a55-0211f60c14aa"},
        {"version": 2, "occurred_at": 1500571319432, "team_id": 1, "player_id": 123,
         "classification": "THREE_POINT_MAKE",
         "stats": {"FGA": 1.0, "FG": 1.0, "PTS": 3.0, "FGA3": 1.0, "FG3": 1.0},
         "period": "H1", "session_id": "37c2cf99-05fb-11f1-8a55-0211f60c14aa"},
    ],
    "shots": [
        {"occurred_at": 1500571319432, "team_id": 1, "player_id": 123, "is_make": True,
         "is_3point": True, "zone": 12, "hoop_player_x": 150, "hoop_player_y": 7100,
         "status": "RECORDED", "period": "H1",
         "session_id": "37c2cf99-05fb-11f1-8a55-0211f60c14aa"},
    ],
    "possessions": [
        {"team_id": 1, "started_at": 1500571300000, "ended_at": 1500571319432, "period": "H1",
         "points": 3},
        {"team_id": 2, "started_at": 1500571319432, "ended_at": None, "period": "H1",
         "points": 0},
    ],
    "gameTotals": GAME_TOTALS,
}  # fmt: skip
