"""The distributed topology on a real Apache Kafka broker and PostgreSQL, every service
process running as a real process. Tests run in file order: the broker outage comes last."""

from __future__ import annotations

import asyncio
import signal
import time
from typing import Any
from uuid import UUID

import httpx
import pytest
from aiokafka import AIOKafkaProducer
from sqlalchemy import text

from devtools.kafka import KafkaBroker
from devtools.stack import Stack
from shared.db.engine import make_engine
from tests.builders import CHANNELS, complaint
from tests.e2e.test_followup_journey import until

pytestmark = [pytest.mark.kafka, pytest.mark.integration]
SETTLED = {"complaint.routed", "callback.scheduled"}


def client(stack: Stack, service: str = "intake") -> httpx.Client:
    key = stack.api_key("admin")
    return httpx.Client(base_url=stack.url(service), headers={"X-API-Key": key}, timeout=30)


def post(http: httpx.Client, count: int, channels: tuple[str, ...] = CHANNELS) -> list[str]:
    ids = []
    for i in range(count):
        response = http.post("/v1/complaints", json=complaint(channels[i % len(channels)]))
        assert response.status_code == 202, response.text
        ids.append(response.json()["id"])
    return ids


def wait_settled(http: httpx.Client, ids: list[str], timeout: float = 90) -> dict[str, Any]:
    """Every complaint's body once routing and follow-up reached its timeline."""
    deadline, settled = time.monotonic() + timeout, dict[str, Any]()
    while time.monotonic() < deadline and len(settled) < len(ids):
        for complaint_id in set(ids) - set(settled):
            body = http.get(f"/v1/complaints/{complaint_id}").json()
            if SETTLED <= {e["type"] for e in body["timeline"]}:
                settled[complaint_id] = body
        time.sleep(0.2)
    assert len(settled) == len(ids), f"{len(ids) - len(settled)} complaints never settled"
    return settled


async def scalar(stack: Stack, sql: str, **params: object) -> Any:
    engine = make_engine(stack.database_url, schemas=["intake"])
    async with engine.connect() as conn:
        value = (await conn.execute(text(sql), params)).scalar()
    await engine.dispose()
    return value


def test_complaints_on_every_channel_are_routed_and_scheduled(stack: Stack) -> None:
    with (
        client(stack) as intake,
        client(stack, "routing") as routing,
        client(stack, "followup") as followup,
    ):
        ids = post(intake, len(CHANNELS))
        settled = wait_settled(intake, ids, timeout=60)
        assignments = routing.get("/v1/assignments", params={"limit": 200}).json()["items"]
        callbacks = followup.get("/v1/callbacks", params={"limit": 200}).json()["items"]
    assert {b["channel"] for b in settled.values()} == set(CHANNELS)
    assert all(b["status"] == "routed" and b["department"] for b in settled.values())
    assert set(ids) <= {a["complaint_id"] for a in assignments}
    assert set(ids) <= {c["complaint_id"] for c in callbacks}
    worker = stack.metrics("routing-worker")
    assert 'tousu_consumer_messages_total{consumer="routing",outcome="processed"}' in worker
    lag = 'tousu_consumer_lag_messages{consumer="routing",partition="'
    until(lambda: lag in stack.metrics("routing-worker"), "the routing worker's lag", 30)
    relay = stack.metrics("intake-relay")
    assert 'tousu_outbox_backlog_events{service="intake"}' in relay
    assert 'tousu_outbox_oldest_age_seconds{service="intake"}' in relay
    assert 'tousu_contacts_due{state="due"}' in stack.metrics("followup-relay")


async def _produce_garbage(bootstrap: str) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap)
    await producer.start()
    try:
        await producer.send_and_wait(
            "intake.complaints", b"{definitely not an envelope", key=b"junk"
        )
    finally:
        await producer.stop()


def _dead_letters(stack: Stack, service: str, wait: float = 30) -> list[str]:
    """`tousu dlq list` as an operator runs it, until something is listed."""
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        if lines := stack.tousu("dlq", "list", "--service", service).splitlines():
            return lines
        time.sleep(0.5)
    return []


def test_a_malformed_message_is_dead_lettered_and_consumers_go_on(stack: Stack) -> None:
    asyncio.run(_produce_garbage(stack.bootstrap_servers))
    with client(stack) as intake:
        wait_settled(intake, post(intake, 2), timeout=60)
    for consumer in ("routing", "followup"):
        lines = _dead_letters(stack, consumer)
        assert len(lines) == 1, lines
        assert "malformed_envelope" in lines[0] and "intake.complaints@" in lines[0]
    stack.tousu("dlq", "replay", "--service", "routing", "--all")
    deadline = time.monotonic() + 30
    while "replayed" not in stack.tousu("dlq", "list", "--service", "routing"):
        assert time.monotonic() < deadline, "the routing worker did not replay it"
        time.sleep(0.5)
    lines = stack.tousu("dlq", "list", "--service", "routing").splitlines()
    assert len(lines) == 2  # still malformed: kept again, as a new dead letter


def test_workers_killed_mid_stream_lose_nothing_and_duplicate_nothing(stack: Stack) -> None:
    with client(stack) as intake:
        ids = post(intake, 20)
        stack.kill("routing-worker")  # SIGKILL while it works through the burst
        stack.kill("followup-relay")
        ids += post(intake, 20)
        stack.start("routing-worker")
        stack.start("followup-relay")
        ids += post(intake, 10)
        settled = wait_settled(intake, ids, timeout=120)
    for body in settled.values():
        kinds = [e["type"] for e in body["timeline"]]
        assert kinds.count("complaint.routed") == 1 and kinds.count("callback.scheduled") == 1
    uuids = [UUID(i) for i in ids]
    routed = asyncio.run(
        scalar(
            stack,
            "SELECT count(*) FROM routing.assignments WHERE complaint_id = ANY(:ids)",
            ids=uuids,
        )
    )
    scheduled = asyncio.run(
        scalar(
            stack,
            "SELECT count(*) FROM followup.callbacks WHERE complaint_id = ANY(:ids)",
            ids=uuids,
        )
    )
    assert (routed, scheduled) == (len(ids), len(ids))


def test_second_workers_joining_mid_stream_share_the_partitions_and_handle_each_once(
    stack: Stack,
) -> None:
    """A rebalance while a burst is being worked through: the partitions are shared between
    the two routing workers and the two follow-up workers, and every complaint is routed and
    scheduled exactly once."""
    seconds = ("routing-worker-2", "followup-worker-2")
    try:
        with client(stack) as intake:
            ids = post(intake, 24)
            for second in seconds:
                stack.start(second)
            deadline = time.monotonic() + 90
            while not all(_processed(stack, second) for second in seconds):
                assert time.monotonic() < deadline, "a second worker never got a partition"
                ids += post(intake, 6)  # the stream goes on while the group rebalances
                time.sleep(0.5)
            ids += post(intake, 24)
            settled = wait_settled(intake, ids, timeout=180)
    finally:
        for second in seconds:
            stack.stop(second)
    for body in settled.values():
        kinds = [e["type"] for e in body["timeline"]]
        assert kinds.count("complaint.routed") == 1, kinds
        assert kinds.count("callback.scheduled") == 1, kinds


def _processed(stack: Stack, role: str) -> bool:
    try:
        return 'outcome="processed"} ' in stack.metrics(role)
    except httpx.ConnectError:
        return False  # still starting


def test_a_worker_stops_gracefully_on_sigterm(stack: Stack) -> None:
    assert stack.stop("intake-worker", signal.SIGTERM) == 0
    assert "intake worker stopped" in stack.log("intake-worker")
    stack.start("intake-worker")


def wait_for(http: httpx.Client, complaint_id: str, event: str, timeout: float = 60) -> Any:
    """The complaint's body once `event` reached its timeline."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        body = http.get(f"/v1/complaints/{complaint_id}").json()
        if event in {e["type"] for e in body["timeline"]}:
            return body
        time.sleep(0.2)
    raise AssertionError(f"{event} never reached the timeline of {complaint_id}")


def test_one_complaint_walks_every_handling_step_to_resolved(stack: Stack) -> None:
    intake = client(stack)
    [case] = [
        intake.post("/v1/complaints", json=complaint(text="信用卡重复扣费两次，请退款")).json()[
            "id"
        ]
    ]
    wait_for(intake, case, "complaint.routed")
    routing = httpx.Client(base_url=stack.url("routing"), timeout=30)
    validity = routing.get(f"/v1/validity/{case}", headers={"X-API-Key": stack.api_key("admin")})
    assert validity.json()["reason"] == "valid"
    handler = {"X-API-Key": stack.staff_key("e2e.handler", "handler", "billing")}
    supervisor = {"X-API-Key": stack.staff_key("e2e.supervisor", "supervisor", "billing")}
    for who, step, body in [
        (handler, "accept", {}),
        (
            handler,
            "investigation",
            {"findings": "重复扣费", "root_cause": "billing_price", "responsibility": "company"},
        ),
        (
            handler,
            "proposal",
            {
                "remedies": ["apology", "refund"],
                "amount": "120",
                "message_to_customer": "重复扣除的120元将退回",
            },
        ),
        (supervisor, "approve", {"comment": "同意"}),
        (handler, "implement", {"note": "退款已提交"}),
        (handler, "resolve", {"summary": "已退款"}),
    ]:
        response = routing.post(f"/v1/assignments/{case}/{step}", json=body, headers=who)
        assert response.status_code == 200, response.text
    body = wait_for(intake, case, "complaint.resolved")
    assert body["status"] == "resolved"
    assert [e["type"] for e in body["timeline"] if e["source"] == "routing"] == [
        "complaint.routed",
        "complaint.accepted",
        "complaint.investigated",
        "complaint.resolution_proposed",
        "complaint.resolution_approved",
        "complaint.implemented",
        "complaint.resolved",
    ]
    refused = routing.post(f"/v1/assignments/{case}/accept", json={}, headers=handler)
    assert (refused.status_code, refused.json()["code"]) == (409, "illegal_transition")


def test_the_escalation_watchdog_runs_against_postgresql(stack: Stack) -> None:
    log = stack.log("routing-watchdog")
    assert "routing watchdog running" in log
    assert "periodic job failed" not in log


def test_insights_reads_every_topic_and_a_rebuild_gives_the_same_figures(stack: Stack) -> None:
    """Started late, the insights worker reads the topics from their beginning: every
    complaint of this module is folded in as registered, the one walked to resolution as
    resolved. (The broker is the whole run's: earlier modules' complaints are in the topics,
    and in the figures, too.)"""
    stack.start("insights-worker")
    stack.start("insights-api")
    stack.wait_ready("insights-api")
    registered = asyncio.run(scalar(stack, "SELECT count(*) FROM intake.complaints"))
    resolved = asyncio.run(
        scalar(stack, "SELECT count(*) FROM intake.complaints WHERE status = 'resolved'")
    )
    folded = (
        "SELECT count(*) FROM insights.complaint_facts WHERE registered_at IS NOT NULL "
        "AND complaint_id IN (SELECT id FROM intake.complaints)"
    )
    folded_resolved = (
        "SELECT count(*) FROM insights.complaint_facts WHERE resolved_at IS NOT NULL "
        "AND complaint_id IN (SELECT id FROM intake.complaints)"
    )
    insights = httpx.Client(
        base_url=stack.url("insights"),
        headers={"X-API-Key": stack.api_key("insights:read")},
        timeout=30,
    )
    now = time.time()
    period = {
        "since": time.strftime("%Y-%m-%dT00:00:00Z", time.gmtime(now - 86400)),
        "until": time.strftime("%Y-%m-%dT00:00:00Z", time.gmtime(now + 2 * 86400)),
        "by": ["department"],
        "period": "month",
    }

    def figures() -> list[dict[str, Any]]:
        response = insights.get("/v1/insights/figures", params=period)
        assert response.status_code == 200, response.text
        return list(response.json()["items"])

    def caught_up() -> list[dict[str, Any]] | None:
        """The figures once ours are all folded in and nothing moves for two seconds."""
        mine = asyncio.run(scalar(stack, folded)), asyncio.run(scalar(stack, folded_resolved))
        if mine != (registered, resolved):
            return None
        rows = figures()
        time.sleep(2)
        return rows if figures() == rows else None

    before = until(caught_up, "insights to fold every complaint in", 180)
    assert resolved >= 1
    assert sum(r["volume"] for r in before) >= registered
    output = stack.tousu("insights", "rebuild")
    assert output.startswith("rebuilt from ")
    assert figures() == before


def test_intake_accepts_while_kafka_is_down_and_everything_arrives_later(
    stack: Stack, kafka: KafkaBroker
) -> None:
    with client(stack) as intake:
        kafka.stop()
        try:
            ids = post(intake, 12)
            ready = intake.get("/health/ready")
        finally:
            kafka.start()
        assert ready.status_code == 503 and ready.json()["checks"]["broker"] == "down"
        settled = wait_settled(intake, ids, timeout=180)
    assert len(settled) == 12


def own_lines(log: str) -> str:
    """A process's log without the Kafka client's complaints about the missing broker."""
    return "\n".join(line for line in log.splitlines() if '"logger": "aiokafka' not in line)


def test_sigterm_stops_every_background_process_promptly_with_the_broker_gone(
    stack: Stack, kafka: KafkaBroker
) -> None:
    """A hang check, not a speed measure: each must exit cleanly well within compose's
    default stop grace period (10 s) while Kafka is away."""
    background = [role for role in stack.processes if not role.endswith("-api")]
    kafka.stop()
    try:
        time.sleep(2)  # the clients notice the broker is gone
        took = {}
        for role in background:
            started = time.monotonic()
            code = stack.stop(role, signal.SIGTERM, timeout=10)
            assert code == 0, (role, code, own_lines(stack.log(role))[-3000:])
            took[role] = round(time.monotonic() - started, 1)
    finally:
        kafka.start()
    stack.start_all(tuple(background))
    assert all(seconds < 10 for seconds in took.values()), took
