from pydantic import Field, SecretStr
from pydantic_settings import SettingsConfigDict

from shared.settings import ServiceSettings


class FollowupSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="FOLLOWUP_", env_file=".env", extra="ignore")

    default_timezone: str = Field(
        "Asia/Shanghai", description="when neither the customer nor the phone number tells"
    )
    # When customers may be contacted, in their local time.
    call_hours: str = Field(
        "09:00-12:00,13:30-20:00", description="allowed calling hours, customer's local time"
    )
    call_days: str = Field("mon-fri", description="days calls may be made, e.g. mon-fri or mon,wed")
    message_hours: str = Field("08:00-21:00", description="hours SMS and e-mail may be sent")
    message_days: str = "mon-sun"
    letter_hours: str = Field("09:00-17:00", description="the mail room's hours")
    holidays: str = Field("", description="public holidays, e.g. 2026-10-01,2026-10-02")
    workdays: str = Field("", description="weekend days worked instead of a holiday (调休)")
    # The callback team.
    agent_hours: str = "09:00-12:00,13:30-18:00"
    agent_days: str = "mon-fri"
    agents: int = Field(5, ge=1, le=10_000, description="callback agents on duty")
    agent_daily_capacity: int = Field(40, ge=1, le=1000, description="calls per agent per day")
    claim_lease_minutes: int = Field(15, ge=1, le=480)
    # Retries and fallback.
    phone_attempts: int = Field(3, ge=1, le=10)
    attempt_gap_minutes: int = Field(120, ge=1, le=10_080)
    written_fallback: str = Field("sms,email", description="written channels after calls, in order")
    reply_window_hours: int = Field(48, ge=1, le=720)
    reopen_at_or_below: int = Field(2, ge=1, le=4, description="a score this low reopens the case")
    satisfaction_within_days: int = Field(7, ge=1, le=60)
    # Outgoing messages.
    organisation: str = Field("Tousu", description="the name messages are signed with")
    sms_gateway_url: str = Field("", description="empty: SMS go to the spool directory")
    sms_gateway_token: SecretStr = SecretStr("")
    sms_sender: str = "TOUSU"
    sms_timeout_seconds: float = Field(10.0, gt=0, le=120)
    smtp_host: str = Field("", description="empty: e-mail goes to the spool directory")
    smtp_port: int = 587
    smtp_username: str = ""
    smtp_password: SecretStr = SecretStr("")
    smtp_starttls: bool = True
    mail_from: str = "service@tousu.invalid"
    send_concurrency: int = Field(8, ge=1, le=100, description="messages in flight at once")
    spool_dir: str = Field("var/spool", description="where messages go without a gateway")
    dispatch_seconds: float = Field(10.0, gt=0, le=3600, description="the dispatcher's pace")
