"""The detector's pass (`tousu insights detector`, and part of `tousu run`): the last days'
surges and emerging topics stored as alerts; a new one is published as
`insight.deviation_detected` and delivered to the configured webhook and addresses, one that
goes on is extended without a second event."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from uuid import UUID, uuid4
from zoneinfo import ZoneInfo

from services.insights.figures.reads import Fact
from services.insights.surveillance.config import DetectorConfig, TopicConfig
from services.insights.unit_of_work import InsightsUnitOfWork
from services.insights.warning.delivery import Courier
from services.insights.warning.repository import TOPIC, AlertView, Sighting
from shared.events.envelope import Trace
from shared.events.insights import DeviationDetected


@dataclass(frozen=True)
class Watch:
    make_uow: Callable[[Trace], InsightsUnitOfWork]
    zone: ZoneInfo
    config: DetectorConfig
    courier: Courier
    min_total: int = 30  # a series with fewer complaints in its history is not judged
    topics: TopicConfig = field(default_factory=TopicConfig)

    async def run_once(self) -> int:
        """New alerts raised on this pass (then what is due is delivered)."""
        raised = await self._detect()
        await self.courier.deliver_due()
        return raised

    async def _detect(self) -> int:
        # numpy and the word cutter only in the process that detects: the api and the worker
        # stay lean.
        from services.insights.warning.detection import lookback  # noqa: PLC0415

        raised = 0
        async with self.make_uow(Trace()) as uow:
            now = uow.clock.now()
            facts = await uow.reads.registered_since(now - lookback(self.config))
            today = now.astimezone(self.zone).date()
            for sighting in self._surges(facts, today):
                known = await uow.alerts.ongoing(
                    sighting.series, sighting.first_day, self.config.gap_days
                )
                raised += await self._keep(uow, sighting, known, now)
            for sighting, members in self._topics(facts, today):
                known = await uow.alerts.ongoing_topic(
                    sighting.top_terms, sighting.first_day, self.config.gap_days
                )
                raised += await self._keep(uow, sighting, known, now)
                # Its complaints are labelled with the name the alert was first given.
                name = (known or sighting).dimensions[TOPIC]
                await uow.facts.label_topic(members, name)
            await uow.commit()
        return raised

    def _surges(self, facts: Sequence[Fact], today: date) -> list[Sighting]:
        from services.insights.warning.detection import deviations  # noqa: PLC0415

        found = deviations(facts, today, self.zone, self.config, min_total=self.min_total)
        return [
            Sighting(
                series=d.series,
                dimensions=d.dimensions,
                department=d.department,
                first_day=d.alert.first_day,
                last_day=d.alert.last_day,
                observed=d.alert.observed,
                expected=d.alert.expected,
                score=d.alert.score,
                top_terms=d.top_terms,
                examples=d.examples,
            )
            for d in found
        ]

    def _topics(self, facts: Sequence[Fact], today: date) -> list[tuple[Sighting, list[UUID]]]:
        """Each emerging topic, and the complaints it was found in."""
        from services.insights.surveillance.topics import (  # noqa: PLC0415
            Document,
            emerging_topics,
        )

        references: dict[str, str] = {}
        documents = []
        for fact in facts:
            if fact.registered_at is None or not fact.text:
                continue
            key = str(fact.complaint_id)
            references[key] = fact.reference or key
            day = fact.registered_at.astimezone(self.zone).date()
            documents.append(Document(day, key, fact.text))
        return [
            (
                Sighting(
                    series=f"{TOPIC}={topic.terms[0]}",
                    dimensions={TOPIC: topic.name},
                    department=None,  # a subject cuts across departments: for those seeing all
                    first_day=topic.first_day,
                    last_day=topic.last_day,
                    observed=topic.observed,
                    expected=topic.expected,
                    score=topic.score,
                    top_terms=topic.terms,
                    examples=[references[key] for key in topic.examples],
                ),
                [UUID(key) for key in topic.members],
            )
            for topic in emerging_topics(documents, today, self.topics)
        ]

    async def _keep(
        self, uow: InsightsUnitOfWork, sighting: Sighting, known: AlertView | None, now: datetime
    ) -> int:
        """1 when the sighting is a new alert; 0 when it updates or extends a known one."""
        if known is not None and known.first_day == sighting.first_day:
            await uow.alerts.extend(known.id, sighting.figures(now))  # the same days again
            return 0
        if known is not None:  # it goes on past the days judged on this pass
            last_day = max(known.last_day, sighting.last_day)
            score = max(known.score, sighting.score)
            values = {"last_day": last_day, "score": score, "updated_at": now}
            await uow.alerts.extend(known.id, values)
            return 0
        alert_id = uuid4()
        uow.alerts.add(
            sighting.figures(now)
            | {
                "id": alert_id,
                "series": sighting.series,
                "dimensions": sighting.dimensions,
                "department": sighting.department,
                "first_day": sighting.first_day,
                "detected_at": now,
            }
        )
        uow.deliveries.plan(alert_id, self.courier.recipients.targets, now)
        uow.record(
            DeviationDetected(
                alert_id=alert_id,
                series=sighting.dimensions,
                first_day=sighting.first_day,
                last_day=sighting.last_day,
                observed=sighting.observed,
                expected=sighting.expected,
                score=sighting.score,
                top_terms=sighting.top_terms,
                examples=sighting.examples,
                detected_at=now,
            )
        )
        return 1
