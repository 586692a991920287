"""Typed settings: one BaseSettings per service on this base, one env prefix per service.

Every field can also be set once for all services with the TOUSU_ prefix
(TOUSU_DATABASE_URL, TOUSU_KAFKA_BOOTSTRAP_SERVERS, ...); a service's own prefix wins.
"""

from pydantic import Field, SecretStr
from pydantic_settings import (
    BaseSettings,
    EnvSettingsSource,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)

DEFAULT_SQLITE_URL = "sqlite+aiosqlite:///var/tousu.db"


class ServiceSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="TOUSU_", env_file=".env", extra="ignore")

    database_url: str = Field(
        DEFAULT_SQLITE_URL,
        description="SQLAlchemy async URL; on SQLite each schema is a file beside this path",
    )
    db_pool_size: int = Field(10, ge=1, le=200)
    kafka_bootstrap_servers: str = "127.0.0.1:9092"
    kafka_partitions: int = Field(6, ge=1, le=1000, description="for topics the service creates")
    kafka_replication: int = Field(1, ge=1, le=10)
    log_level: str = "INFO"
    log_json: bool = True
    relay_poll_seconds: float = Field(1.0, gt=0, le=10)  # a safety net: NOTIFY wakes it
    relay_batch_size: int = Field(200, ge=1, le=5000)
    relay_linger_ms: float = Field(
        10,
        ge=0,
        le=1000,
        description="a relay woken by a commit waits this long, to publish what follows with it",
    )
    consumer_max_attempts: int = Field(
        5,
        ge=1,
        le=100,
        description="tries before a failing (non-transient) message is dead-lettered",
    )
    consumer_concurrency: int = Field(
        4,
        ge=1,
        le=64,
        description="partitions a worker processes at once, each in its own order",
    )
    consumer_run_size: int = Field(
        50,
        ge=1,
        le=500,
        description="a partition's messages a worker applies in one database transaction"
        " (1: one transaction per message)",
    )
    consumer_backoff_seconds: float = Field(0.2, gt=0, le=60)
    consumer_backoff_max_seconds: float = Field(30.0, gt=0, le=600)
    heartbeat_file: str = Field(
        "", description="worker and relay processes touch this file while healthy"
    )
    metrics_port: int = Field(
        0,
        ge=0,
        le=65535,
        description="workers, relays and periodic processes serve /metrics here (0: off)",
    )
    secret_key: SecretStr = Field(
        SecretStr(""),
        description="Fernet keys sealing integration secrets, comma-separated, newest first",
    )
    secret_key_file: str = Field(
        "var/secret-key", description="the key made and kept here when TOUSU_SECRET_KEY is unset"
    )

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        shared_env = EnvSettingsSource(settings_cls, env_prefix="TOUSU_")
        return init_settings, env_settings, shared_env, dotenv_settings, file_secret_settings


class TousuSettings(ServiceSettings):
    """The command line's own settings (embedded runner, keys, migrations, topics)."""

    host: str = "127.0.0.1"
    port: int = Field(8000, ge=1, le=65535)
