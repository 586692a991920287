from pydantic import Field
from pydantic_settings import SettingsConfigDict

from shared.settings import ServiceSettings


class InsightsSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="INSIGHTS_", env_file=".env", extra="ignore")

    default_timezone: str = Field(
        "Asia/Shanghai", description="the zone whose calendar days, weeks and months figures use"
    )
