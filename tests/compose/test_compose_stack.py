"""docker-compose.yml as ops teams run it, checked against the published ports. The tests run
in file order on one stack: each fault leaves the stack whole for the next."""

from __future__ import annotations

import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from alembic.script import ScriptDirectory

from devtools.compose import PROMETHEUS, ROOT, ComposeStack, docker
from devtools.ports import free_port
from shared.db.migrate import alembic_config
from tests.builders import CHANNELS, complaint
from tests.e2e.test_followup_journey import until
from tests.e2e.test_kafka_pipeline import SETTLED, post, wait_settled
from tousu.registry import SERVICES
from tousu.roles import roles_of

# Every service's api, worker, relay and periodic job: Prometheus scrapes each.
PROCESSES = sum(len(roles_of(service)) for service in SERVICES)


@pytest.fixture(scope="module")
def intake(compose: ComposeStack) -> Iterator[httpx.Client]:
    key = compose.tousu("keys", "create", "--name", "compose-tests", "--scopes", "admin")
    headers = {"X-API-Key": key.strip().splitlines()[-1]}
    with httpx.Client(base_url=compose.url("intake"), headers=headers, timeout=30) as client:
        yield client


def settled(intake: httpx.Client, ids: list[str], timeout: float = 180) -> dict[str, Any]:
    """Each complaint's body once routed and scheduled; each event exactly once."""
    done = wait_settled(intake, ids, timeout)
    for body in done.values():
        kinds = [e["type"] for e in body["timeline"]]
        assert all(kinds.count(kind) == 1 for kind in SETTLED), kinds
    return done


def test_every_service_is_healthy_and_complaints_on_every_channel_settle(
    compose: ComposeStack, intake: httpx.Client
) -> None:
    states = compose.compose("ps", "--format", "{{.Service}} {{.Health}}").split("\n")
    unhealthy = [line for line in states if line.strip() and not line.endswith("healthy")]
    assert not unhealthy, unhealthy
    bodies = settled(intake, post(intake, len(CHANNELS) * 2))
    assert {b["channel"] for b in bodies.values()} == set(CHANNELS)
    for service in ("routing", "followup"):
        assert httpx.get(f"{compose.url(service)}/health/ready").status_code == 200
    # The dashboard, from the image: its templates and style sheet are packaged.
    with httpx.Client(base_url=compose.url("insights"), timeout=30) as browser:
        key = intake.headers["X-API-Key"]
        signed = browser.post("/ui/insights/login", data={"key": key, "lang": "en"})
        page = browser.get("/ui/insights", params={"lang": "en"})
        style = browser.get("/ui/insights/dashboard.css")
    assert signed.status_code == 303 and page.status_code == 200
    assert "Complaint insights" in page.text and page.text.count('class="chart"') == 5
    assert style.status_code == 200 and "svg.chart" in style.text


def test_prometheus_scrapes_every_process_and_loads_the_alert_rules(
    compose: ComposeStack, intake: httpx.Client, tmp_path: Path
) -> None:
    """The observability profile's Prometheus, on deploy/'s configuration and rules."""
    rules = f"{ROOT / 'deploy' / 'prometheus'}:/p:ro"
    promtool = ("run", "--rm", "--entrypoint", "promtool", "-v", rules, PROMETHEUS)
    checked = docker(*promtool, "check", "rules", "/p/alerts.yml")
    assert "SUCCESS" in checked
    key = compose.tousu("keys", "create", "--name", "prometheus", "--scopes", "metrics:read")
    (tmp_path / "metrics-key").write_text(key.strip().splitlines()[-1])
    (tmp_path / "metrics-key").chmod(0o644)  # read by the image's user, nobody
    port = free_port()
    observed = {
        "COMPOSE_PROFILES": "observability",
        "TOUSU_METRICS_KEY_FILE": str(tmp_path / "metrics-key"),
        "PROMETHEUS_PORT": str(port),
    }
    compose.compose("up", "-d", "--no-build", "prometheus", env=observed)
    try:
        api = f"http://127.0.0.1:{port}/api/v1"
        settled(intake, post(intake, 6))

        def all_up() -> list[dict[str, Any]] | None:
            try:
                targets = httpx.get(f"{api}/targets").json()["data"]["activeTargets"]
            except (httpx.HTTPError, ValueError, KeyError):
                return None
            return (
                targets
                if len(targets) == PROCESSES and all(t["health"] == "up" for t in targets)
                else None
            )

        targets = until(all_up, f"Prometheus scraping all {PROCESSES} processes", timeout=120)
        assert {t["labels"]["process"] for t in targets} >= {"intake-api", "routing-worker"}
        groups = httpx.get(f"{api}/rules").json()["data"]["groups"]
        assert {g["name"] for g in groups} == {
            "tousu-pipeline",
            "tousu-service-levels",
            "tousu-api",
        }
        assert all(r["health"] == "ok" for g in groups for r in g["rules"])
        query = "max by (service) (tousu_outbox_backlog_events)"
        found = httpx.get(f"{api}/query", params={"query": query}).json()["data"]["result"]
        assert {r["metric"]["service"] for r in found} == set(SERVICES)
    finally:
        compose.compose("rm", "--stop", "--force", "prometheus", env=observed)


def test_a_worker_killed_mid_stream_loses_nothing_and_duplicates_nothing(
    compose: ComposeStack, intake: httpx.Client
) -> None:
    ids = post(intake, 15)
    compose.compose("kill", "routing-worker")
    ids += post(intake, 15)
    compose.compose("start", "routing-worker")
    settled(intake, ids)


def test_intake_accepts_while_kafka_is_stopped_and_everything_arrives_after(
    compose: ComposeStack, intake: httpx.Client
) -> None:
    compose.compose("stop", "kafka")
    try:
        ids = post(intake, 12)
        assert intake.get("/health/ready").status_code == 503
    finally:
        compose.compose("start", "kafka")
    settled(intake, ids, timeout=300)


def test_a_postgresql_restart_gives_clear_503s_then_recovery(
    compose: ComposeStack, intake: httpx.Client
) -> None:
    ids = post(intake, 5)
    compose.compose("stop", "postgres")
    try:
        refused = intake.post("/v1/complaints", json=complaint("web"))
        assert refused.status_code == 503, refused.text
        assert refused.json()["code"] == "service_unavailable"
        assert refused.headers["Retry-After"]
    finally:
        compose.compose("up", "-d", "--wait", "postgres")
    deadline = time.monotonic() + 120
    while intake.get("/health/ready").status_code != 200:
        assert time.monotonic() < deadline, "intake never recovered"
        time.sleep(1)
    settled(intake, ids + post(intake, 5), timeout=300)


def _consumed(compose: ComposeStack, index: int) -> float:
    """Messages the index-th routing worker consumed, from its own /metrics."""
    script = (
        "import urllib.request;"
        "print(urllib.request.urlopen('http://127.0.0.1:9100/metrics').read().decode())"
    )
    metrics = compose.compose(
        "exec", "-T", "--index", str(index), "routing-worker", "python", "-c", script
    )
    return sum(
        float(line.rsplit(" ", 1)[1])
        for line in metrics.splitlines()
        if line.startswith("tousu_consumer_messages_total{") and 'outcome="processed"' in line
    )


def test_two_routing_workers_share_the_partitions_and_route_each_complaint_once(
    compose: ComposeStack, intake: httpx.Client
) -> None:
    compose.up("--scale", "routing-worker=2")
    before = [_consumed(compose, 1), _consumed(compose, 2)]
    settled(intake, post(intake, 36))
    after = [_consumed(compose, 1), _consumed(compose, 2)]
    assert all(a > b for a, b in zip(after, before, strict=True)), (before, after)
    compose.up("--scale", "routing-worker=1")


EXPAND_MIGRATION = '''"""A newer release's expand step: a column the old release ignores."""

from alembic import op
import sqlalchemy as sa

revision = "compose_test_expand"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("complaints", sa.Column("compose_test_note", sa.Text()), schema="intake")


def downgrade() -> None:
    op.drop_column("complaints", "compose_test_note", schema="intake")
'''


def _complaint_columns(compose: ComposeStack) -> list[str]:
    sql = "SELECT column_name FROM information_schema.columns WHERE table_name = 'complaints'"
    psql = ("psql", "-U", "tousu", "-d", "tousu", "-Atc", sql)
    return compose.compose("exec", "-T", "postgres", *psql).split()


def test_a_newer_image_migrates_while_the_old_release_serves(
    compose: ComposeStack, intake: httpx.Client, tmp_path: Path
) -> None:
    """The upgrade as ops run it: the new image's migrate job, then the services roll."""
    head = ScriptDirectory.from_config(alembic_config("intake", "sqlite://")).get_current_head()
    (tmp_path / "expand.py").write_text(EXPAND_MIGRATION.replace("{head}", str(head)))
    (tmp_path / "Dockerfile").write_text(
        "FROM tousu:latest\nCOPY expand.py /app/migrations/intake/versions/9999_expand.py\n"
    )
    docker("build", "-q", "-t", "tousu:compose-test-next", str(tmp_path), timeout=600)
    answers: list[int] = []
    stop = threading.Event()

    def keep_posting() -> None:
        while not stop.is_set():
            answers.append(intake.post("/v1/complaints", json=complaint("web")).status_code)

    poster = threading.Thread(target=keep_posting)
    poster.start()
    try:
        compose.compose("run", "--rm", "--no-deps", "migrate", tag="compose-test-next")
    finally:
        stop.set()
        poster.join()
    try:
        assert answers and set(answers) == {202}, answers
        assert "compose_test_note" in _complaint_columns(compose)
    finally:  # back to this release's schema, for the tests after this one
        back = ("tousu", "migrate", "--service", "intake", "--downgrade", str(head))
        compose.compose("run", "--rm", "--no-deps", "migrate", *back, tag="compose-test-next")
        docker("image", "rm", "tousu:compose-test-next", check=False)


def test_a_backup_restored_as_the_readme_says(
    compose: ComposeStack, intake: httpx.Client, tmp_path: Path
) -> None:
    kept = post(intake, 3)
    settled(intake, kept)
    dump = tmp_path / "tousu.dump"
    database = [*compose.command(), "exec", "-T", "postgres"]
    backup = ("pg_dump", "-U", "tousu", "-Fc", "tousu")
    with dump.open("wb") as out:  # the README's commands, as an operator types them
        subprocess.run([*database, *backup], env=compose.env(), stdout=out, check=True)  # noqa: S603
    assert dump.stat().st_size > 0
    later = post(intake, 1)
    compose.compose("stop")
    try:
        compose.compose("up", "-d", "--wait", "postgres")
        restore = ("pg_restore", "-U", "tousu", "-d", "tousu", "--clean", "--if-exists")
        with dump.open("rb") as source:
            restored = subprocess.run(  # noqa: S603 - Docker Compose with our own arguments
                [*database, *restore], env=compose.env(), stdin=source, capture_output=True
            )
    finally:
        compose.up()
    assert restored.returncode == 0, restored.stderr.decode()[-3000:]
    assert all(intake.get(f"/v1/complaints/{i}").status_code == 200 for i in kept)
    assert intake.get(f"/v1/complaints/{later[0]}").status_code == 404  # after the backup
    settled(intake, post(intake, 3))


def test_data_is_kept_on_the_volumes_across_down_and_up(
    compose: ComposeStack, intake: httpx.Client
) -> None:
    ids = post(intake, 6)
    settled(intake, ids)
    compose.down()
    compose.up()
    for complaint_id in ids:
        assert intake.get(f"/v1/complaints/{complaint_id}").status_code == 200
    settled(intake, post(intake, 6))
