from pydantic import Field, SecretStr
from pydantic_settings import SettingsConfigDict

from shared.settings import ServiceSettings


class InsightsSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="INSIGHTS_", env_file=".env", extra="ignore")

    default_timezone: str = Field(
        "Asia/Shanghai", description="the zone whose calendar days, weeks and months figures use"
    )
    detect_minutes: float = Field(60, gt=0, le=1440, description="how often the detector runs")
    alert_alpha: float = Field(
        0.005, gt=0, lt=0.5, description="false-alarm probability per series and day"
    )
    alert_min_count: int = Field(5, ge=1, le=10_000, description="a day below is never a surge")
    alert_min_history: int = Field(
        30, ge=1, le=1_000_000, description="complaints a series needs in its history to be judged"
    )
    topic_alpha: float = Field(
        0.0001, gt=0, lt=0.5, description="chance of any false emerging topic on one pass"
    )
    topic_min_count: int = Field(
        5, ge=1, le=1_000_000, description="complaints in the last 7 days a topic's term needs"
    )
    # Who hears of a new alert: a webhook (signed the Standard Webhooks way) and e-mail.
    alert_webhook_url: str = Field("", description="POSTed each new alert; empty: none")
    alert_webhook_secret: SecretStr = Field(
        SecretStr(""), description="whsec_ secret the webhook's signature is made with"
    )
    alert_emails: str = Field("", description="addresses e-mailed each new alert, comma-separated")
    smtp_host: str = ""
    smtp_port: int = Field(587, ge=1, le=65535)
    smtp_username: str = ""
    smtp_password: SecretStr = SecretStr("")
    smtp_starttls: bool = True
    mail_from: str = "insights@tousu.invalid"
