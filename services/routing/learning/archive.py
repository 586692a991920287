"""Activating a trained model, and the handled cases that retrain it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from services.routing.config import ClassifierConfig, RoutingConfig
from services.routing.departments.domain import Department
from services.routing.learning.prediction import TrainingError
from services.routing.unit_of_work import RoutingUnitOfWork
from shared.errors import InvalidRequest

if TYPE_CHECKING:  # numpy comes with the model, only to processes that load one
    from services.routing.learning.model import TrainedModel


class ModelLabelsNotDepartments(InvalidRequest):
    code = "model_labels_not_departments"


def unroutable(
    labels: Iterable[str], departments: Mapping[str, Department], config: ClassifierConfig
) -> dict[str, str]:
    """The labels that name no open department (directly or through `classifier.labels`),
    with what they name."""
    bad = {}
    for label in labels:
        code = config.department_for(label)
        found = departments.get(code)
        if found is None or not found.active or code == config.triage_department:
            bad[label] = code
    return bad


async def activate_model(
    uow: RoutingUnitOfWork, model: TrainedModel, path: str, *, by: str, config: RoutingConfig
) -> None:
    """Refused when a label names no open department: such a model would send every complaint
    it decides to triage. Workers pick the newest activation up within
    ROUTING_MODEL_CHECK_SECONDS."""
    async with uow:
        if bad := unroutable(model.labels, await uow.departments.all(), config.classifier):
            raise ModelLabelsNotDepartments(
                "the model's labels must name open departments; map them with --label-map "
                "when training, or with classifier.labels in the routing configuration",
                labels=bad,
            )
        await uow.models.add(
            version=model.version, path=path, labels=model.labels, by=by, at=uow.clock.now()
        )
        await uow.commit()


async def active_model(uow: RoutingUnitOfWork) -> TrainedModel | None:
    async with uow:
        latest = await uow.models.latest()
    if latest is None:
        return None
    from services.routing.learning.model import load

    try:
        return load(Path(latest[1]))
    except TrainingError:
        return None  # moved or deleted: the new model has nothing to beat


async def handled_cases(
    uow: RoutingUnitOfWork, config: RoutingConfig
) -> tuple[list[str], list[str]]:
    """Texts and final departments of the cases a department accepted: a dispatch or a return
    (退单) counts once the department it went to took the case on, so one person's mistake
    never teaches the model alone."""
    async with uow:
        rows = await uow.assignments.handled_cases(excluding=config.classifier.triage_department)
    return [text for text, _ in rows], [department for _, department in rows]
