"""deploy/: the Prometheus configuration, the alert rules and the Grafana dashboard speak of
metrics the processes really export and of processes the compose file really runs.
(tests/compose loads the configuration and rules into a running Prometheus; promtool checks
the rules there.)"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import yaml
from prometheus_client import REGISTRY

import shared.metrics  # noqa: F401 - registers every metric

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
COMPOSE: dict[str, Any] = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
NAME = re.compile(r"\btousu_[a-z_]+")
SUFFIXES = {"counter": ("_total",), "histogram": ("_bucket", "_count", "_sum"), "gauge": ("",)}


def exported() -> set[str]:
    return {
        family.name + suffix
        for family in REGISTRY.collect()
        if family.name.startswith("tousu_")
        for suffix in SUFFIXES.get(family.type, ("",))
    }


def dashboard_exprs() -> list[str]:
    board = json.loads((DEPLOY / "grafana" / "dashboards" / "tousu.json").read_text())
    return [t["expr"] for p in board["panels"] for t in p.get("targets", [])]


def rules() -> list[dict[str, Any]]:
    document = yaml.safe_load((DEPLOY / "prometheus" / "alerts.yml").read_text())
    return [rule for group in document["groups"] for rule in group["rules"]]


def test_the_dashboard_and_the_alerts_use_only_exported_metrics() -> None:
    known = exported()
    assert {"tousu_consumer_lag_messages", "tousu_http_request_duration_seconds_bucket"} <= known
    for expr in dashboard_exprs() + [rule["expr"] for rule in rules()]:
        assert set(NAME.findall(expr)) <= known, expr


def test_the_dashboard_is_a_provisionable_grafana_dashboard() -> None:
    board = json.loads((DEPLOY / "grafana" / "dashboards" / "tousu.json").read_text())
    assert board["uid"] and board["title"] and board["schemaVersion"] >= 36
    ids = [p["id"] for p in board["panels"]]
    assert len(ids) == len(set(ids))
    for panel in board["panels"]:
        if panel["type"] != "row":
            assert panel["targets"] and panel["datasource"]["uid"] == "prometheus", panel["title"]
    provider = yaml.safe_load(
        (DEPLOY / "grafana" / "provisioning" / "dashboards" / "tousu.yml").read_text()
    )
    mounted = COMPOSE["services"]["grafana"]["volumes"]
    assert (
        f"./deploy/grafana/dashboards:{provider['providers'][0]['options']['path']}:ro" in mounted
    )


def test_every_alert_says_how_bad_and_what() -> None:
    for rule in rules():
        assert rule["labels"]["severity"] in {"warning", "critical"}, rule["alert"]
        assert rule["annotations"]["summary"], rule["alert"]


def test_prometheus_scrapes_every_process_the_compose_file_runs() -> None:
    config = yaml.safe_load((DEPLOY / "prometheus" / "prometheus.yml").read_text())
    scraped = {
        name: (job["job_name"], sd["port"])
        for job in config["scrape_configs"]
        for sd in job["dns_sd_configs"]
        for name in sd["names"]
    }
    for name, service in COMPOSE["services"].items():
        command = service.get("command", [])
        if command[:1] != ["tousu"] or command[1:2] in (["migrate"], ["topics"]):
            continue
        port = service.get("environment", {}).get("TOUSU_METRICS_PORT")
        expected = ("tousu-api", 8000) if command[2] == "api" else ("tousu-background", int(port))
        assert scraped.get(name) == expected, name
