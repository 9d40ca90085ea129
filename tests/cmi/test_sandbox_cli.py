"""`python -m bot sandbox-gateway` as a real process."""

import asyncio
import os
import sys
from pathlib import Path

import aiohttp

from bot.cmi.hashing import compute_hash
from tests.cmi.servers import free_port

PROJECT = Path(__file__).resolve().parents[2]


async def wait_until_listening(url: str, http: aiohttp.ClientSession) -> None:
    for _ in range(100):
        try:
            async with http.post(url, data={}) as response:
                await response.read()
                return
        except aiohttp.ClientConnectionError:
            await asyncio.sleep(0.05)
    raise AssertionError("the sandbox gateway did not start")


async def test_the_sandbox_gateway_command_serves_with_the_store_key_from_the_environment():
    port = free_port()
    env = {**os.environ, "CMI_STORE_KEY": "cli|key\\x"}
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "sandbox-gateway", "--host", "127.0.0.1", "--port", str(port),
        cwd=PROJECT, env=env, stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/fim/est3Dgate"
    fields = {"clientid": "600000000", "storetype": "3D_PAY_HOSTING", "TranType": "PreAuth",
              "amount": "10.00", "currency": "504", "oid": "CLI1", "okUrl": "http://x/ok",
              "failUrl": "http://x/fail", "lang": "fr", "rnd": "1", "hashAlgorithm": "ver3"}
    try:
        async with aiohttp.ClientSession() as http:
            await wait_until_listening(url, http)
            async with http.post(url, data={**fields, "HASH": compute_hash(fields, "cli|key\\x")}) as response:
                assert response.status == 200 and 'name="pan"' in await response.text()
            async with http.post(url, data={**fields, "HASH": compute_hash(fields, "other")}) as response:
                assert response.status == 400
    finally:
        process.terminate()
        await process.wait()


async def test_the_sandbox_gateway_command_refuses_to_start_without_a_store_key():
    env = {k: v for k, v in os.environ.items() if k != "CMI_STORE_KEY"}
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "sandbox-gateway", "--port", str(free_port()), cwd=PROJECT, env=env,
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE)
    _, stderr = await process.communicate()
    assert process.returncode == 2 and b"CMI_STORE_KEY" in stderr
