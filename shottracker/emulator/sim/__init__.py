"""The game simulator's parts: rosters, the box-score ledger, movement and the play engines.

``shottracker.emulator.simulator`` is the public face; these modules are its pieces.
"""
