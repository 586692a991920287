from pydantic import Field
from pydantic_settings import SettingsConfigDict

from shared.settings import ServiceSettings


class FollowupSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="FOLLOWUP_", env_file=".env", extra="ignore")

    default_timezone: str = Field(
        "Asia/Shanghai", description="when neither the customer nor the phone number tells"
    )
    call_hours: str = Field(
        "09:00-12:00,13:30-20:00", description="allowed calling hours, customer's local time"
    )
    call_days: str = Field("mon-fri", description="days calls may be made, e.g. mon-fri or mon,wed")
    message_hours: str = Field("08:00-21:00", description="hours SMS and e-mail may be sent")
    message_days: str = "mon-sun"
    letter_hours: str = Field("09:00-17:00", description="the mail room's hours")
