from pydantic import Field
from pydantic_settings import SettingsConfigDict

from shared.settings import ServiceSettings


class IntakeSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="INTAKE_", env_file=".env", extra="ignore")

    first_response_hours: int = Field(24, ge=1, le=24 * 14)
    default_phone_region: str = Field(
        "CN", min_length=2, max_length=2, description="region for numbers without a country code"
    )
    reference_prefix: str = Field("TS", pattern=r"^[A-Z]{1,6}$")
    repeat_window_days: int = Field(
        180, ge=1, le=3650, description="earlier complaints within this many days make a repeat"
    )
