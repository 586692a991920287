"""A local stand-in for an HTTP SMS gateway, for tests and trying follow-up out: it keeps
each message once per `Idempotency-Key` (as a real gateway that honours the key does), and can
be told to answer slowly, so a sender's timeout and retry can be watched."""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class SmsGateway:
    host: str = "127.0.0.1"
    slow_first: float = 0.0  # seconds to sit on the first request for each key
    token: str | None = None
    messages: dict[str, dict[str, Any]] = field(default_factory=dict)  # by idempotency key
    requests: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        if self._server is None:
            raise RuntimeError("start() the gateway first")
        return f"http://{self.host}:{self._server.server_address[1]}/sms"

    def start(self) -> SmsGateway:
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - the stdlib's name
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                if gateway.token and self.headers.get("Authorization") != f"Bearer {gateway.token}":
                    self._answer(401, {"error": "bad token"})
                    return
                key = self.headers.get("Idempotency-Key") or body["client_ref"]
                with gateway._lock:
                    gateway.requests += 1
                    first = key not in gateway.messages
                    if first:
                        gateway.messages[key] = {**body, "id": f"gw-{len(gateway.messages) + 1}"}
                if first and gateway.slow_first:
                    time.sleep(gateway.slow_first)  # sent, but the answer comes too late
                self._answer(200, {"id": gateway.messages[key]["id"], "status": "accepted"})

            def _answer(self, status: int, body: dict[str, Any]) -> None:
                raw = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

            def log_message(self, *_: Any) -> None:
                pass

        self._server = ThreadingHTTPServer((self.host, 0), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def texts_to(self, number: str) -> list[str]:
        with self._lock:
            return [m["text"] for m in self.messages.values() if m["to"] == number]

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
