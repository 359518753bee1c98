"""The app under uvicorn exactly as `cislunar-kg serve` configures it (`api.serving.server_config`), in a thread.

`api_fixtures.live_server` builds its own uvicorn configuration; tests of the connection limits need the one the
command runs, and raw sockets to it.
"""

from __future__ import annotations

import socket
import threading
import time
from typing import Self

import uvicorn

from api.app import create_app
from api.serving import server_config
from api.settings import Settings


class Server:
    """The app under uvicorn, configured by `server_config`, on 127.0.0.1 (a free port), in a thread."""

    def __init__(self, settings: Settings) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.app = create_app(settings)
        self.server = uvicorn.Server(server_config(self.app, settings, log_level="warning", lifespan="on"))
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True)

    def __enter__(self) -> Self:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.02)
        return self

    def __exit__(self, *_: object) -> None:
        self.server.should_exit = True
        self.thread.join(15)
        self.sock.close()

    def connect(self) -> socket.socket:
        return socket.create_connection(("127.0.0.1", self.port), timeout=10)
