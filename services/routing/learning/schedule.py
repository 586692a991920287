"""Scheduled retraining, the routing watchdog's second job: once the active model is older than
`every`, a new one is trained from the cases departments accepted (`archive.handled_cases`) and
swapped in only when it does at least as well as the active one on the same held-out cases and
reaches `min_accuracy` there. What it decided is logged; nothing here raises."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from pathlib import Path

from services.routing.config import RoutingConfig
from services.routing.learning import archive
from services.routing.learning.prediction import TrainingError
from services.routing.learning.retrain import Retrained, retrain
from services.routing.unit_of_work import RoutingUnitOfWork
from shared.errors import InvalidRequest

log = logging.getLogger(__name__)
ACTIVATED_BY = "scheduled retrain"


@dataclass(frozen=True)
class RetrainPolicy:
    every: timedelta
    min_per_department: int
    min_accuracy: float
    model_dir: Path


class ScheduledRetraining:
    def __init__(
        self,
        make_uow: Callable[[], RoutingUnitOfWork],
        config: RoutingConfig,
        policy: RetrainPolicy,
    ) -> None:
        self._uow = make_uow
        self._config = config
        self._policy = policy
        self._tried_at: datetime | None = None  # this process's last attempt

    async def run_once(self) -> str | None:
        """The version activated by this pass, if any."""
        uow = self._uow()
        now = uow.clock.now()
        if self._tried_at is not None and now - self._tried_at < self._policy.every:
            return None
        async with uow:
            last = await uow.models.last_activated_at()
        if last is not None and now - last < self._policy.every:
            return None
        self._tried_at = now
        texts, labels = await archive.handled_cases(self._uow(), self._config)
        active = await archive.active_model(self._uow())
        try:
            result = await asyncio.to_thread(
                partial(
                    retrain,
                    min_per_department=self._policy.min_per_department,
                    now=now,
                ),
                texts,
                labels,
                active,
            )
        except TrainingError as exc:
            log.info("scheduled retrain skipped: %s", exc)
            return None
        if not self._worth_activating(result):
            return None
        return await self._activate(result)

    def _worth_activating(self, result: Retrained) -> bool:
        before = "none" if result.active_accuracy is None else f"{result.active_accuracy:.3f}"
        log.info(
            "scheduled retrain: %d accepted cases, %d held out: new model %.3f, active %s",
            result.model.trained_on,
            result.held_out,
            result.accuracy,
            before,
        )
        if not result.better:
            log.info("scheduled retrain: the active model does better; kept")
            return False
        if result.accuracy < self._policy.min_accuracy:
            log.info(
                "scheduled retrain: %.3f is under the minimum accuracy %.2f; not activated",
                result.accuracy,
                self._policy.min_accuracy,
            )
            return False
        return True

    async def _activate(self, result: Retrained) -> str | None:
        folder = self._policy.model_dir / f"archive-{result.model.version}"
        await asyncio.to_thread(result.model.save, folder)
        try:
            await archive.activate_model(
                self._uow(),
                result.model,
                str(folder.resolve()),
                by=ACTIVATED_BY,
                config=self._config,
            )
        except InvalidRequest as exc:  # a department closed since its cases were handled
            log.warning("scheduled retrain: model %s not activated: %s", result.model.version, exc)
            return None
        log.info("scheduled retrain: model %s active (%s)", result.model.version, folder)
        return result.model.version
