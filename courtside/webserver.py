"""The web process: one ASGI server and one command line, for every place that starts it.

``python -m courtside.webserver [--host H] [--port P | --fd N] [--no-access-log]`` runs
``courtside.asgi:application`` under the server that ``COURTSIDE_WEB_SERVER`` names
(``uvicorn``, the default, or ``daphne``). The Dockerfile, docker-compose.yml, the tests'
stack and the benchmark harness all start their web processes here, so they run the
same server with the same flags.

Why uvicorn: in one run of the benchmark harness, 500 readers of one game at 25 Hz,
three web processes of each server used 0.30 core under uvicorn against 0.61 core under
daphne for the same deliveries, and uvicorn's deltas reached the readers with p99 under
100 ms where daphne's did not (bench/README.md, "The ASGI server"). Most of a daphne
process's time went to Twisted's write path (a reactor turn and two ``epoll_ctl`` per
message per socket); asyncio's transports write at once. Since a send may then wait
for its socket, every socket has a sender of its own (``dashboard.fanout``), so a reader
that stops cannot hold the others up.

What both servers are given:

- **Keepalive**: a ping every ``PING_INTERVAL_S``, the socket closed when its pong is
  ``PING_TIMEOUT_S`` late. A reader that stops reading is closed in about 15 s instead of
  the servers' defaults (up to 50 s with daphne's), and what it left unread is freed.
- **No compression** (uvicorn would otherwise deflate every message for every browser
  that offers it: a compressor per socket and message, where a frame's text is
  otherwise made once per process) and **no proxy headers** (the client address is the
  peer's, as daphne has it; a proxy in front sets its own).
- uvicorn only: **a browser message over 64 KiB closes its socket** (1009) unread; daphne
  hands it to the consumer, which closes the socket on anything but a small request.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

SERVERS = ("uvicorn", "daphne")
DEFAULT_SERVER = "uvicorn"
APPLICATION = "courtside.asgi:application"
PING_INTERVAL_S = 5
PING_TIMEOUT_S = 10
GRACEFUL_SHUTDOWN_S = 5  # under docker's 10 s between SIGTERM and SIGKILL
# No browser message comes near this (a console's request is at most 256 bytes, a
# template's 2 KiB): uvicorn closes a socket (1009) rather than buffer up to its 16 MiB.
WS_MAX_MESSAGE_BYTES = 64 * 1024


def server_name(name: str | None = None) -> str:
    """The server to run: ``name``, else ``COURTSIDE_WEB_SERVER``, else the default."""
    name = (name or os.environ.get("COURTSIDE_WEB_SERVER") or DEFAULT_SERVER).strip().lower()
    if name not in SERVERS:
        raise ValueError(f"COURTSIDE_WEB_SERVER={name!r}: one of {', '.join(SERVERS)}")
    return name


def command(
    server: str | None = None,
    *,
    host: str = "0.0.0.0",
    port: int = 8000,
    fd: int | None = None,
    access_log: bool = True,
    ping_interval: int = PING_INTERVAL_S,
    ping_timeout: int = PING_TIMEOUT_S,
) -> list[str]:
    """The command line of one web process: on ``host:port``, or on the listening socket ``fd``."""
    server = server_name(server)
    program = _program(server)
    if server == "daphne":
        where = ["--fd", str(fd)] if fd is not None else ["-b", host, "-p", str(port)]
        return [
            *program, *where,
            "--ping-interval", str(ping_interval), "--ping-timeout", str(ping_timeout),
            *([] if access_log else ["--access-log", os.devnull]),
            APPLICATION,
        ]  # fmt: skip
    where = ["--fd", str(fd)] if fd is not None else ["--host", host, "--port", str(port)]
    return [
        *program, *where,
        "--ws", "websockets-sansio", "--loop", "asyncio", "--http", "h11", "--lifespan", "off",
        "--ws-ping-interval", str(ping_interval), "--ws-ping-timeout", str(ping_timeout),
        "--ws-per-message-deflate", "false", "--ws-max-size", str(WS_MAX_MESSAGE_BYTES),
        "--no-proxy-headers",
        "--timeout-graceful-shutdown", str(GRACEFUL_SHUTDOWN_S),
        *([] if access_log else ["--no-access-log"]),
        APPLICATION,
    ]  # fmt: skip


def _program(server: str) -> list[str]:
    """The server's own script beside this Python (a venv's bin, the image's), or ``-m``."""
    script = Path(sys.executable).with_name(server)
    return [str(script)] if script.exists() else [sys.executable, "-m", server]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m courtside.webserver",
        description="Run Courtside's web process (COURTSIDE_WEB_SERVER: "
        f"{' or '.join(SERVERS)}; {DEFAULT_SERVER} when unset).",
    )
    parser.add_argument("--host", default="0.0.0.0")
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    parser.add_argument("--fd", type=int, help="serve this listening socket instead")
    parser.add_argument("--no-access-log", action="store_true", help="log no request")
    args = parser.parse_args(argv)
    try:
        line = command(
            host=args.host, port=args.port, fd=args.fd, access_log=not args.no_access_log
        )
    except ValueError as exc:
        parser.error(str(exc))
    sys.stdout.flush()
    os.execv(line[0], line)


if __name__ == "__main__":
    main()
