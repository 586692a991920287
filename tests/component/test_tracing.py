"""One trace from the call-centre's request to the follow-up it caused: the HTTP span, each
event's publication and each consumer's processing, joined by the envelopes' traceparent."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from opentelemetry import trace
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from tests.builders import complaint
from tests.system import System

CALL_CENTRE_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736"
TRACEPARENT = f"00-{CALL_CENTRE_TRACE}-00f067aa0ba902b7-01"


@pytest.fixture(scope="module")
def exporter() -> Iterator[InMemorySpanExporter]:
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    trace.set_tracer_provider(provider)  # once per process: OpenTelemetry allows no second
    yield exporter
    provider.shutdown()  # later tests' spans go nowhere


def chain(span: ReadableSpan, spans: dict[int, ReadableSpan]) -> list[str]:
    """Span names from this one up to the first span of the trace seen here."""
    names = [span.name]
    while span.parent is not None and span.parent.span_id in spans:
        span = spans[span.parent.span_id]
        names.append(span.name)
    return names


async def test_one_trace_from_the_post_to_the_scheduled_callback(
    system: System, exporter: InMemorySpanExporter
) -> None:
    exporter.clear()
    async with await system.client("complaints:write") as client:
        answer = await client.post(
            "/v1/complaints", json=complaint("phone"), headers={"traceparent": TRACEPARENT}
        )
        assert answer.status_code == 202
    await system.drain()
    finished = exporter.get_finished_spans()
    ours = [s for s in finished if s.context and f"{s.context.trace_id:032x}" == CALL_CENTRE_TRACE]
    by_id = {s.context.span_id: s for s in ours if s.context}
    names = {s.name for s in ours}
    assert {
        "POST /v1/complaints",
        "publish complaint.registered",
        "process complaint.registered",
        "publish complaint.routed",
        "process complaint.routed",
        "publish callback.scheduled",
        "process callback.scheduled",
    } <= names
    scheduled = next(s for s in ours if s.name == "process callback.scheduled")
    assert chain(scheduled, by_id)[-1] == "POST /v1/complaints"
    request = next(s for s in ours if s.name == "POST /v1/complaints")
    assert request.parent is not None and request.parent.span_id == 0x00F067AA0BA902B7
    assert request.attributes and request.attributes["http.response.status_code"] == 202


async def test_a_request_without_trace_context_starts_its_own_trace(
    system: System, exporter: InMemorySpanExporter
) -> None:
    exporter.clear()
    async with await system.client("complaints:write") as client:
        await client.post("/v1/complaints", json=complaint("web"))
    await system.drain()
    spans = exporter.get_finished_spans()
    request = next(s for s in spans if s.name == "POST /v1/complaints")
    assert request.parent is None and request.context is not None
    processed = [s for s in spans if s.name == "process complaint.registered"]
    assert processed and all(
        s.context and s.context.trace_id == request.context.trace_id for s in processed
    )
