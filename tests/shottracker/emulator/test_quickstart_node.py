"""The spec's own Node.js examples, run with node against the emulator.

Both scripts are copied from the spec's text; only the host, the port and (for the
HMAC snippet) the credentials placeholders are filled in. The quickstart needs the
npm package ``ws``: it is installed once into a cache directory when absent.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
from pathlib import Path

import httpx
import pytest

from shottracker.emulator import MOCK_SECRET, MOCK_USERNAME

from .conftest import make_emulator

# From the spec, "Quickstart Examples / Subscribing to Live Event"; host, ports and live id
# are the only changes (as @API_HOST@, @API_PORT@, @WS_HOST_PORT@, @LIVE_ID@).
QUICKSTART = r"""
var http = require('http')
var WebSocket = require('ws');

function subscribeToEvent(liveId, callback) {
  var options = {
      host: '@API_HOST@',
      port: @API_PORT@,
      path: `/v1/data/live/${liveId}/_subscribe`,
      method: 'GET',
      headers: {
        Accept: 'application/json',
      }
    }

    console.log(`Requesting token from ${options.host}`)

    http.request(options, function(response) {
      var subscribeResponseData = '';
      response.on('data', function (chunk) {
        subscribeResponseData += chunk;
      });

      response.on('end', function () {
          var liveToken = JSON.parse(subscribeResponseData).token
          console.log(`Got token ${liveToken}`)
          callback(`ws://@WS_HOST_PORT@/?token=${liveToken}`);
      });
    }).end();
}

function establishWebsocketConnection(url) {
  console.log(`Connecting to ${url}`);
  wsConnection = new WebSocket(url);
  wsConnection.addEventListener('open', function(event){
    sendPing(this);
  });
  wsConnection.addEventListener('message', function(payload){
    console.log(payload.data);
    // TODO: Handle payload data
  });
}

function sendPing(conn) {
  setInterval(function(){
    conn.send(JSON.stringify({action: 'ping'}));
  },60000);
}

var liveIdFromSearchOrNotify = '@LIVE_ID@'
subscribeToEvent(liveIdFromSearchOrNotify, establishWebsocketConnection);
"""

# From the spec, "Authentication"; the host is the emulator's and the placeholders hold
# the spec's mock credentials.
HMAC_SNIPPET = r"""
var crypto = require("crypto");

var userName = '@USERNAME@';
var secret = '@SECRET@';
var host = '@HOST@';
var path = '/v1/data/live/_search';
var method = 'GET';
var date = new Date().toUTCString();

var requestLine = method + ' ' + path + ' HTTP/1.1';
var stringToSign = 'date: ' + date.trim() + '\n'
                 + 'host: ' + host + '\n'
                 + requestLine;
var encodedSignature = crypto.createHmac("sha1", secret).update(stringToSign).digest("base64");
var hmacAuth = 'hmac username="' + userName + '",algorithm="hmac-sha1",headers="date host request-line",signature="' + encodedSignature + '"';

console.log('date: ' + date);
console.log('Authorization: ' + hmacAuth);
"""  # noqa: E501 (the spec's line, verbatim)

NODE = shutil.which("node")
pytestmark = pytest.mark.skipif(NODE is None, reason="node is not installed")


def fill(template: str, **values: object) -> str:
    for key, value in values.items():
        template = template.replace(f"@{key}@", str(value))
    return template


async def node_modules_with_ws() -> Path:
    """A node_modules directory holding ``ws``, installed with npm into a cache once."""
    cache = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "courtside" / "node"
    if not (cache / "node_modules" / "ws" / "package.json").exists():
        cache.mkdir(parents=True, exist_ok=True)
        npm = await asyncio.create_subprocess_exec(
            "npm", "install", "--prefix", str(cache), "--no-audit", "--no-fund", "ws@8",
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
        )  # fmt: skip
        _, err = await asyncio.wait_for(npm.communicate(), 300)
        assert npm.returncode == 0, err.decode()
    return cache / "node_modules"


async def test_the_spec_quickstart_subscribes_and_streams_from_the_emulator(tmp_path):
    modules = await node_modules_with_ws()
    async with make_emulator(insecure=True) as emulator:
        script = tmp_path / "quickstart.js"
        script.write_text(
            fill(
                QUICKSTART,
                API_HOST=emulator.host,
                API_PORT=emulator.port,
                LIVE_ID="test",
                WS_HOST_PORT=f"{emulator.host}:{emulator.ws_port}",
            )
        )
        node = await asyncio.create_subprocess_exec(
            NODE, str(script), stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
            env={**os.environ, "NODE_PATH": str(modules)},
        )  # fmt: skip
        frames = []
        try:
            async with asyncio.timeout(30):
                while not {"ack", "location", "stats"} <= {f.get("type") for f in frames}:
                    line = (await node.stdout.readline()).decode()
                    assert line, (await node.stderr.read()).decode()
                    if line.startswith("{"):
                        frames.append(json.loads(line))
        finally:
            node.kill()
            await node.wait()
    assert frames[0]["type"] == "ack" and frames[0]["action"] == "subscribe"


async def test_a_request_signed_by_the_spec_snippet_is_accepted(tmp_path):
    async with make_emulator() as emulator:
        host = f"{emulator.host}:{emulator.port}"
        script = tmp_path / "sign.js"
        script.write_text(fill(HMAC_SNIPPET, USERNAME=MOCK_USERNAME, SECRET=MOCK_SECRET, HOST=host))
        node = await asyncio.create_subprocess_exec(
            NODE, str(script), stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
        )
        out, err = await asyncio.wait_for(node.communicate(), 30)
        assert node.returncode == 0, err.decode()
        headers = dict(line.split(": ", 1) for line in out.decode().splitlines())
        async with httpx.AsyncClient(base_url=emulator.api_url) as client:
            signed = await client.get("/v1/data/live/_search", headers=headers)
            unsigned = await client.get("/v1/data/live/_search")
    assert signed.status_code == 200, signed.text
    assert "test" in {entry["id"] for entry in signed.json()["live"]}
    assert unsigned.status_code == 401
