"""The relay: attach to live sessions, catch up, apply, persist, publish.

- ``service.Relay``: every game it follows, the control channel, live notifications.
- ``game.GameRelay``: one game: its model, its feeds (one per live session), catch-up.
- ``writer.LogWriter``: stores rows in batches, then publishes their deltas in order.
- ``frames.FrameCoalescer``: positions merged into frames at up to 25 Hz.
- ``health.FeedHealth``: what the health panel and the API show.
"""
