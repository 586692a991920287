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
    thread_window_hours: int = Field(
        72,
        ge=0,
        le=24 * 90,
        description="a message from a customer whose only open complaint heard from them within "
        "this many hours joins it",
    )
    webhook_window_seconds: int = Field(
        300, ge=30, le=3600, description="signed webhooks older or newer than this are refused"
    )
    attachments_dir: str = Field("var/attachments", description="where attachment files live")
    attachment_max_mb: int = Field(10, ge=1, le=100, description="the largest file kept")
    retention_years: float = Field(
        5,
        ge=0,
        le=100,
        description="customers whose complaints all ended this long ago are erased (0: never)",
    )
    retention_check_hours: float = Field(
        24, gt=0, le=24 * 31, description="how often the janitor applies the retention policy"
    )
    attachments_s3_bucket: str = Field("", description="set: attachments go to this S3 bucket")
    attachments_s3_prefix: str = Field("attachments/", description="key prefix in the bucket")
    attachments_s3_endpoint_url: str = Field(
        "", description="an S3-compatible endpoint (MinIO, Ceph...); empty: AWS"
    )
    attachments_s3_region: str = ""
    attachments_s3_access_key_id: str = Field("", description="empty: boto3's usual sources")
    attachments_s3_secret_access_key: str = ""
