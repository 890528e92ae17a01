"""On-air graphics: outputs (overlay URLs), what each graphic shows, take, clear and automation.

``graphics`` and ``markers`` are pure (a snapshot in, data out); ``models`` holds the
outputs and their on-air state; ``control`` changes that state and publishes it;
``streams`` keeps each output's graphic current in a web process; ``consumers`` and
``views`` are the thin I/O around them.
"""
