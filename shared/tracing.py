"""OpenTelemetry traces: a request's span (FastAPI's own), then each event's publication and
processing as its children, across the outbox, Kafka and every consumer, carried in the
envelope's W3C `traceparent`.

Exported over OTLP/HTTP only when the standard variables ask for it
(`OTEL_EXPORTER_OTLP_ENDPOINT` or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`; `OTEL_SERVICE_NAME`,
`OTEL_RESOURCE_ATTRIBUTES` and the exporter's own variables apply). Otherwise spans are
not recorded and cost next to nothing; the trace context still travels.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager

from opentelemetry import context, trace
from opentelemetry.trace import Span, SpanKind, Status, StatusCode
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator

log = logging.getLogger(__name__)
PROPAGATOR = TraceContextTextMapPropagator()
ENDPOINT_VARIABLES = ("OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")


def configure(process: str) -> bool:
    """Installs the OTLP exporter if the environment names an endpoint; True if it did."""
    if not any(os.environ.get(name) for name in ENDPOINT_VARIABLES):
        return False
    # Imported only when exporting: the SDK and the exporter are not needed otherwise.
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
    from opentelemetry.sdk.resources import Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor

    name = os.environ.get("OTEL_SERVICE_NAME") or f"tousu-{process}"
    provider = TracerProvider(resource=Resource.create({"service.name": name}))
    provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
    trace.set_tracer_provider(provider)
    log.info("exporting traces over OTLP as %s", name)
    return True


def tracer() -> trace.Tracer:
    return trace.get_tracer("tousu")


def traceparent_of(parent: str | None) -> context.Context:
    return PROPAGATOR.extract({"traceparent": parent} if parent else {})


def current_traceparent(fallback: str | None) -> str | None:
    """The current span's context for an event written now; else what the request brought."""
    carrier: dict[str, str] = {}
    PROPAGATOR.inject(carrier)
    return carrier.get("traceparent", fallback)


@contextmanager
def span(
    name: str,
    *,
    kind: SpanKind,
    parent: str | None = None,
    attributes: Mapping[str, str | int] | None = None,
) -> Iterator[Span]:
    """A span made current, its parent taken from a traceparent, else the current span."""
    with tracer().start_as_current_span(
        name,
        context=traceparent_of(parent) if parent else None,
        kind=kind,
        attributes=dict(attributes or {}),
        record_exception=True,
        set_status_on_exception=True,
    ) as current:
        yield current


def failed(current: Span, description: str) -> None:
    current.set_status(Status(StatusCode.ERROR, description))


def exporting() -> bool:
    """Whether spans are recorded at all (an SDK provider is installed)."""
    return not isinstance(trace.get_tracer_provider(), trace.ProxyTracerProvider)


@contextmanager
def publishing(batch: Sequence[tuple[str, str, str]]) -> Iterator[None]:
    """A producer span per outbox row published, (event type, topic, envelope JSON) each, as
    a child of the span that wrote the event. Nothing is parsed when not exporting."""
    if not exporting():
        yield
        return
    spans = [
        tracer().start_span(
            f"publish {event_type}",
            context=traceparent_of(json.loads(body).get("traceparent")),
            kind=SpanKind.PRODUCER,
            attributes={"messaging.system": "kafka", "messaging.destination.name": topic},
        )
        for event_type, topic, body in batch
    ]
    try:
        yield
    except Exception as exc:
        for current in spans:
            current.record_exception(exc)
            failed(current, type(exc).__name__)
        raise
    finally:
        for current in spans:
            current.end()
