"""Courtside's ShotTracker SDK: signing, REST client, live feed, court geometry, emulator.

Nothing in this package imports Django.
"""
