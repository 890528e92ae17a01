"""static/socket.js in Chromium against a real websocket server: the snapshot-then-deltas rule."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from websockets.sync.server import serve

from tests.browser.chromium import chromium

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
PAGE = """<!doctype html><html><body><script>{socket_js}</script><script>
  window.seen = {{snapshots: [], deltas: [], states: []}};
  window.socket = CourtsideSocket.open({{
    url: "{url}",
    seq: 0,
    onSnapshot: (msg) => seen.snapshots.push(msg.seq),
    onDelta: (msg) => seen.deltas.push(msg.seq),
    onState: (state) => seen.states.push(state),
  }});
</script></body></html>"""


def delta(seq: int) -> str:
    return json.dumps({"type": "delta", "seq": seq, "changes": []})


@pytest.fixture
def relay() -> Iterator[tuple[str, list[str]]]:
    """A server that sends snapshot 5, deltas 6, 6 again and 8 (7 is lost), then snapshot 8
    and delta 9 when asked for a snapshot; it keeps what the page asked for."""
    asked: list[str] = []

    def handler(ws) -> None:
        ws.send(json.dumps({"type": "snapshot", "seq": 5}))
        for seq in (6, 6, 8):
            ws.send(delta(seq))
        for message in ws:
            asked.append(json.loads(message)["action"])
            ws.send(json.dumps({"type": "snapshot", "seq": 8}))
            ws.send(delta(9))

    with serve(handler, "127.0.0.1", 0) as server:
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        yield f"ws://127.0.0.1:{server.socket.getsockname()[1]}/", asked
        server.shutdown()


def test_a_page_applies_deltas_in_order_and_asks_for_a_snapshot_on_a_gap(relay):
    url, asked = relay
    with chromium() as browser:
        page = browser.new_page()
        page.set_content(
            PAGE.format(socket_js=(ROOT / "static" / "socket.js").read_text(), url=url)
        )
        page.wait_for_function("window.seen.deltas.includes(9)", timeout=10_000)
        seen = page.evaluate("window.seen")
    # Delta 6 once (its repeat is ignored), never 8 after 6: the gap brought snapshot 8.
    assert seen["snapshots"] == [5, 8]
    assert seen["deltas"] == [6, 9]
    assert asked == ["snapshot"]
    assert seen["states"][:2] == ["connecting", "open"]
