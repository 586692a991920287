"""The detector's pass (`tousu insights detector`, and part of `tousu run`): today's and the
last days' surges stored as alerts; a new one is published as `insight.deviation_detected`
and delivered to the configured webhook and addresses, one that goes on is extended without a
second event."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from uuid import uuid4
from zoneinfo import ZoneInfo

from services.insights.surveillance.config import DetectorConfig
from services.insights.unit_of_work import InsightsUnitOfWork
from services.insights.warning.delivery import Courier
from shared.events.envelope import Trace
from shared.events.insights import DeviationDetected


@dataclass(frozen=True)
class Watch:
    make_uow: Callable[[Trace], InsightsUnitOfWork]
    zone: ZoneInfo
    config: DetectorConfig
    courier: Courier
    min_total: int = 30  # a series with fewer complaints in its history is not judged

    async def run_once(self) -> int:
        """New alerts raised on this pass (then what is due is delivered)."""
        raised = await self._detect()
        await self.courier.deliver_due()
        return raised

    async def _detect(self) -> int:
        # numpy only in the process that detects: the api and the worker stay lean.
        from services.insights.warning.detection import (  # noqa: PLC0415
            deviations,
            lookback,
        )

        raised = 0
        async with self.make_uow(Trace()) as uow:
            now = uow.clock.now()
            facts = await uow.reads.registered_since(now - lookback(self.config))
            today = now.astimezone(self.zone).date()
            for found in deviations(facts, today, self.zone, self.config, min_total=self.min_total):
                figures = {
                    "last_day": found.alert.last_day,
                    "observed": found.alert.observed,
                    "expected": found.alert.expected,
                    "score": found.alert.score,
                    "top_terms": found.top_terms,
                    "examples": found.examples,
                    "updated_at": now,
                }
                known = await uow.alerts.ongoing(
                    found.series, found.alert.first_day, self.config.gap_days
                )
                if known is not None and known.first_day == found.alert.first_day:
                    await uow.alerts.extend(known.id, figures)  # the same days, seen again
                    continue
                if known is not None:  # it goes on past the days judged on this pass
                    last_day = max(known.last_day, found.alert.last_day)
                    score = max(known.score, found.alert.score)
                    values = {"last_day": last_day, "score": score, "updated_at": now}
                    await uow.alerts.extend(known.id, values)
                    continue
                alert_id = uuid4()
                uow.alerts.add(
                    figures
                    | {
                        "id": alert_id,
                        "series": found.series,
                        "dimensions": found.dimensions,
                        "department": found.department,
                        "first_day": found.alert.first_day,
                        "detected_at": now,
                    }
                )
                uow.deliveries.plan(alert_id, self.courier.recipients.targets, now)
                uow.record(
                    DeviationDetected(
                        alert_id=alert_id,
                        series=found.dimensions,
                        first_day=found.alert.first_day,
                        last_day=found.alert.last_day,
                        observed=found.alert.observed,
                        expected=found.alert.expected,
                        score=found.alert.score,
                        top_terms=found.top_terms,
                        examples=found.examples,
                        detected_at=now,
                    )
                )
                raised += 1
            await uow.commit()
        return raised
