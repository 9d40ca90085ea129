"""PTB's network layer on aiohttp (already our web server and client) instead of httpx.

Profiled under load, PTB's default HTTPXRequest spent about two thirds of the bot's main-thread CPU
in httpx/httpcore/anyio: every request scans httpcore's whole connection pool (256 slots, each asked
whether its socket is readable through anyio's typed attributes). aiohttp's client (C HTTP parser,
keep-alive pool) does the same job for much less. Errors keep PTB's meaning, on which
`ratelimit.py` relies: a timeout is `TimedOut` (it may have arrived: never retried), anything else
that failed on the way is `NetworkError` (not sent: retried).
"""

from typing import Any

import aiohttp
from telegram._utils.defaultvalue import DefaultValue
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData


def chosen(value: Any, default: float | None) -> float | None:
    """PTB passes DEFAULT_NONE when the caller gave no timeout: then ours applies."""
    return default if isinstance(value, DefaultValue) else value


class AiohttpRequest(BaseRequest):
    def __init__(self, *, connection_pool_size: int = 256, read_timeout: float | None = 5.0,
                 connect_timeout: float | None = 5.0, pool_timeout: float | None = 1.0) -> None:
        self._pool_size = connection_pool_size
        self._read, self._connect, self._pool = read_timeout, connect_timeout, pool_timeout
        self._session: aiohttp.ClientSession | None = None

    @property
    def read_timeout(self) -> float | None:
        return self._read

    async def initialize(self) -> None:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=self._pool_size),
                headers={"User-Agent": self.USER_AGENT}, skip_auto_headers=("Accept-Encoding",))

    async def shutdown(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def do_request(self, url: str, method: str, request_data: RequestData | None = None,
                         read_timeout: Any = BaseRequest.DEFAULT_NONE, write_timeout: Any = BaseRequest.DEFAULT_NONE,
                         connect_timeout: Any = BaseRequest.DEFAULT_NONE,
                         pool_timeout: Any = BaseRequest.DEFAULT_NONE) -> tuple[int, bytes]:
        if self._session is None or self._session.closed:
            raise RuntimeError("This AiohttpRequest is not initialized!")
        connect, pool = chosen(connect_timeout, self._connect), chosen(pool_timeout, self._pool)
        # aiohttp has no write timeout; waiting for a free connection and connecting share `connect`.
        timeout = aiohttp.ClientTimeout(total=None, sock_read=chosen(read_timeout, self._read),
                                        sock_connect=connect, connect=None if connect is None or pool is None
                                        else connect + pool)
        try:
            async with self._session.request(method, url, data=body(request_data), timeout=timeout) as response:
                return response.status, await response.read()
        except TimeoutError as error:  # aiohttp's timeouts are TimeoutErrors
            raise TimedOut from error
        except aiohttp.ClientError as error:
            raise NetworkError(f"aiohttp.{type(error).__name__}: {error}") from error


def body(request_data: RequestData | None) -> aiohttp.FormData | dict[str, str] | None:
    """Form fields as PTB encodes them (JSON values); multipart only when a file is uploaded."""
    if request_data is None:
        return None
    fields, files = request_data.json_parameters, request_data.multipart_data
    if not files:
        return fields
    form = aiohttp.FormData(fields)
    for name, (filename, content, mimetype) in files.items():
        form.add_field(name, content, filename=filename, content_type=mimetype)
    return form
