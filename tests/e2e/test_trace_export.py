"""Traces exported over OTLP/HTTP by every process when OTEL_EXPORTER_OTLP_ENDPOINT is set:
one trace, from the call-centre's request through Kafka to the scheduled callback, assembled
from the spans of four processes."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest

from devtools.stack import Stack
from tests.builders import complaint
from tests.e2e.test_followup_journey import until

pytestmark = [pytest.mark.kafka, pytest.mark.integration]
TRACE_ID = "0af7651916cd43dd8448eb211c80319c"


class Collector(ThreadingHTTPServer):
    """The receiving end of OTLP/HTTP: (service name, span name, trace id) of every span."""

    def __init__(self) -> None:
        self.spans: list[tuple[str, str, str]] = []
        super().__init__(("127.0.0.1", 0), _Receive)


class _Receive(BaseHTTPRequestHandler):
    server: Collector

    def do_POST(self) -> None:  # noqa: N802 - the http.server interface
        request = ExportTraceServiceRequest()
        request.ParseFromString(self.rfile.read(int(self.headers["Content-Length"])))
        for resource in request.resource_spans:
            service = next(
                a.value.string_value
                for a in resource.resource.attributes
                if a.key == "service.name"
            )
            for scope in resource.scope_spans:
                self.server.spans += [(service, s.name, s.trace_id.hex()) for s in scope.spans]
        self.send_response(200)
        self.send_header("Content-Type", "application/x-protobuf")
        self.end_headers()

    def log_message(self, *_: Any) -> None:
        return


@pytest.fixture(scope="module")
def collector() -> Iterator[Collector]:
    server = Collector()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def stack_env(collector: Collector) -> dict[str, str]:
    endpoint = f"http://127.0.0.1:{collector.server_address[1]}"
    return {"OTEL_EXPORTER_OTLP_ENDPOINT": endpoint, "OTEL_BSP_SCHEDULE_DELAY": "200"}


def test_one_trace_across_the_processes(stack: Stack, collector: Collector) -> None:
    headers = {
        "X-API-Key": stack.api_key("complaints:write"),
        "traceparent": f"00-{TRACE_ID}-b7ad6b7169203331-01",
    }
    answer = httpx.post(
        f"{stack.url('intake')}/v1/complaints", json=complaint("phone"), headers=headers
    )
    assert answer.status_code == 202, answer.text
    expected = {
        ("tousu-intake-api", "POST /v1/complaints"),
        ("tousu-intake-relay", "publish complaint.registered"),
        ("tousu-routing-worker", "process complaint.registered"),
        ("tousu-followup-worker", "process complaint.routed"),
        ("tousu-followup-relay", "publish callback.scheduled"),
        ("tousu-intake-worker", "process callback.scheduled"),
    }

    def exported() -> bool:
        ours = {(service, name) for service, name, trace in collector.spans if trace == TRACE_ID}
        return expected <= ours

    until(exported, "the spans of one trace from six processes", timeout=90)
