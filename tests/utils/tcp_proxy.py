"""A TCP proxy in front of the app that can really lose the network, as conference Wi-Fi does.

Why not the browser's own offline switch: Chromium's offline emulation holds websocket frames back and lets
them through later, which no real network does. This proxy cuts every open connection (both ends closed) and
refuses new ones while it is "off", so the page's websocket really dies and the page sees what a phone sees.

It runs its own asyncio loop in a daemon thread, so plain (sync Playwright) tests can switch it::

    with TcpProxy(app.port) as proxy:
        page.goto(f"http://localhost:{proxy.port}/...")
        proxy.cut()        # every connection closed, new ones refused
        proxy.restore()    # connections accepted again
"""

from __future__ import annotations

import asyncio
import threading
from concurrent.futures import Future
from typing import Self

from tests.utils.net import free_port


class TcpProxy:
    """Forward 127.0.0.1:``port`` to 127.0.0.1:``target``; ``cut()`` and ``restore()`` the link."""

    def __init__(self, target: int, port: int | None = None) -> None:
        self.target = target
        self.port = port or free_port()
        self.online = True
        self.accepted = 0  # connections passed through, for tests that want to see traffic happened
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="tcp-proxy", daemon=True)
        self._server: asyncio.base_events.Server | None = None
        self._pairs: set[tuple[asyncio.StreamWriter, asyncio.StreamWriter]] = set()

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(self, *_exc) -> None:
        self.stop()

    def _call(self, coroutine) -> object:
        future: Future = asyncio.run_coroutine_threadsafe(coroutine, self._loop)
        return future.result(timeout=10)

    def start(self) -> None:
        self._thread.start()
        self._server = self._call(self._listen())

    async def _listen(self):
        return await asyncio.start_server(self._accept, "127.0.0.1", self.port, reuse_address=True)

    async def _accept(self, client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter) -> None:
        if not self.online:  # refused: the connection opens and closes at once, as an unreachable server's would
            _close(client_writer)
            return
        try:
            server_reader, server_writer = await asyncio.open_connection("127.0.0.1", self.target)
        except OSError:
            _close(client_writer)
            return
        self.accepted += 1
        pair = (client_writer, server_writer)
        self._pairs.add(pair)
        try:
            await asyncio.gather(_pipe(client_reader, server_writer), _pipe(server_reader, client_writer))
        finally:
            self._pairs.discard(pair)
            _close(client_writer)
            _close(server_writer)

    async def _cut(self) -> None:
        self.online = False
        for client, server in list(self._pairs):
            _abort(client)
            _abort(server)
        self._pairs.clear()

    async def _restore(self) -> None:
        self.online = True

    def cut(self) -> None:
        """Lose the network: close every open connection at once and refuse new ones."""
        self._call(self._cut())

    def restore(self) -> None:
        """The network is back: new connections go through (the page must reconnect by itself)."""
        self._call(self._restore())

    def stop(self) -> None:
        async def close() -> None:
            await self._cut()
            if self._server is not None:
                self._server.close()
                await self._server.wait_closed()
        if self._thread.is_alive():
            self._call(close())
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(timeout=5)


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    except (ConnectionError, OSError):
        pass
    finally:
        _close(writer)


def _close(writer: asyncio.StreamWriter) -> None:
    try:
        writer.close()
    except (ConnectionError, OSError, RuntimeError):
        pass


def _abort(writer: asyncio.StreamWriter) -> None:
    """Drop the connection without a goodbye (a reset), as a lost network looks to the other end."""
    transport = writer.transport
    try:
        transport.abort()
    except (ConnectionError, OSError, RuntimeError):
        pass
