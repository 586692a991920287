from pathlib import Path

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from shared.settings import ServiceSettings

DEFAULT_CONFIG = Path(__file__).with_name("routing.yaml")


class RoutingSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="ROUTING_", env_file=".env", extra="ignore")

    config_path: Path = Field(
        DEFAULT_CONFIG,
        description="departments, rules (seeded into the tables on first start), lexicons, SLAs",
    )
    watchdog_seconds: float = Field(
        60.0, gt=0, le=3600, description="how often the watchdog looks for cases to escalate"
    )
    model_check_seconds: float = Field(
        10.0, gt=0, le=3600, description="how often workers look for a newly activated model"
    )
    retrain_hours: float = Field(
        24.0,
        ge=0,
        le=24 * 366,
        description="the watchdog retrains the model from accepted cases when the active one "
        "is this old (0: never; `tousu routing retrain` still works)",
    )
    retrain_min_per_department: int = Field(
        20, ge=2, le=1_000_000, description="accepted cases a department needs to be learned"
    )
    retrain_min_accuracy: float = Field(
        0.7, ge=0, le=1, description="held-out accuracy a retrained model needs to be activated"
    )
    model_dir: Path = Field(
        Path("var/models"),
        description="where scheduled retraining writes models (shared with the routing workers)",
    )
