"""A headless Chromium driven over the DevTools protocol (aiohttp websocket): enough to load the
emulator's chat page, run JavaScript in it and read what it shows. Tests skip without chromium."""

import asyncio
import itertools
import json
import shutil
import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import aiohttp

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--remote-debugging-port=0"]


class Page:
    def __init__(self, socket: aiohttp.ClientWebSocketResponse) -> None:
        self.socket = socket
        self._ids = itertools.count(1)

    async def evaluate(self, expression: str) -> Any:
        ident = next(self._ids)
        await self.socket.send_json({"id": ident, "method": "Runtime.evaluate", "params": {
            "expression": expression, "returnByValue": True, "awaitPromise": True}})
        async for message in self.socket:
            reply = json.loads(message.data)
            if reply.get("id") == ident:
                return reply["result"]["result"].get("value")
        raise ConnectionError("the browser went away")

    async def wait_for(self, expression: str, timeout: float = 10.0) -> Any:
        async with asyncio.timeout(timeout):
            while not (value := await self.evaluate(expression)):
                await asyncio.sleep(0.1)
        return value


@asynccontextmanager
async def open_page(url: str) -> AsyncIterator[Page]:
    with tempfile.TemporaryDirectory() as profile:
        process = await asyncio.create_subprocess_exec(
            CHROMIUM, *FLAGS, f"--user-data-dir={profile}", "about:blank",
            stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE)
        try:
            endpoint = await _devtools_endpoint(process)
            async with aiohttp.ClientSession() as session:
                async with session.put(f"{endpoint}/json/new?{url}") as response:
                    target = await response.json()
                async with session.ws_connect(target["webSocketDebuggerUrl"], max_msg_size=0) as socket:
                    yield Page(socket)
        finally:
            process.kill()
            await process.wait()


async def _devtools_endpoint(process: asyncio.subprocess.Process) -> str:
    async with asyncio.timeout(20):
        while line := await process.stderr.readline():
            text = line.decode(errors="replace")
            if "DevTools listening on ws://" in text:
                address = text.split("ws://", 1)[1].split("/", 1)[0]
                return f"http://{address}"
    raise RuntimeError("chromium did not open its DevTools port")
