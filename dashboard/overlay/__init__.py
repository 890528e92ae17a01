"""On-air graphics: outputs, their layers, what each graphic shows, and how crews drive them.

``graphics`` and ``markers`` are pure (a snapshot in, data out); ``models`` holds the
outputs, their three layers' program and cue and their control token; ``control`` changes
that state; ``live`` keeps each game's snapshot current in a web process (a member of the
process's fan-out, ``dashboard.fanout``); ``streams`` keeps each output's graphics current
for its overlays; ``consumers`` (overlay, preview, template and panel sockets), ``views``
(pages, the panel's actions, the template, vMix data sources) and ``api`` (the control API
for automation) are the thin I/O around them.
"""
