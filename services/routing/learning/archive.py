"""Activating a trained model, and the handled cases that retrain it."""

from __future__ import annotations

from services.routing.config import RoutingConfig
from services.routing.learning.model import TrainedModel
from services.routing.unit_of_work import RoutingUnitOfWork


async def activate_model(
    uow: RoutingUnitOfWork, model: TrainedModel, path: str, *, by: str
) -> None:
    """Workers pick the newest activation up within ROUTING_MODEL_CHECK_SECONDS."""
    async with uow:
        await uow.models.add(
            version=model.version, path=path, labels=model.labels, by=by, at=uow.clock.now()
        )
        await uow.commit()


async def handled_cases(
    uow: RoutingUnitOfWork, config: RoutingConfig
) -> tuple[list[str], list[str]]:
    """Texts and final departments (after any dispatch) of the cases routing has handled."""
    async with uow:
        rows = await uow.assignments.handled_cases(excluding=config.classifier.triage_department)
    return [text for text, _ in rows], [department for _, department in rows]
