"""The active model: the newest activation in routing's tables, loaded once and swapped when
another version is activated, without restarting the worker."""

from __future__ import annotations

import asyncio
import logging
import time
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from services.routing.learning.prediction import TrainingError

if TYPE_CHECKING:  # numpy comes with the model, only to processes that load one
    from services.routing.learning.model import TrainedModel

log = logging.getLogger(__name__)


class Activations(Protocol):
    async def latest(self) -> tuple[str, str] | None:
        """(version, path) of the newest activation."""


class ActiveModel:
    def __init__(self, *, check_every: float = 10.0) -> None:
        self._every = check_every
        self._model: TrainedModel | None = None
        self._checked = float("-inf")
        self._lock = asyncio.Lock()

    async def get(self, activations: Activations) -> TrainedModel | None:
        if time.monotonic() - self._checked < self._every:
            return self._model
        async with self._lock:
            if time.monotonic() - self._checked >= self._every:
                await self._refresh(activations)
                self._checked = time.monotonic()
        return self._model

    async def _refresh(self, activations: Activations) -> None:
        latest = await activations.latest()
        if latest is None or (self._model is not None and self._model.version == latest[0]):
            return
        version, path = latest
        from services.routing.learning.model import load

        try:
            self._model = await asyncio.to_thread(load, Path(path))  # seconds: off the loop
            log.info("routing model %s active (from %s)", version, path)
        except TrainingError as exc:
            log.error("cannot load routing model %s: %s; keeping the previous one", version, exc)
