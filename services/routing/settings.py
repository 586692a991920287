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
