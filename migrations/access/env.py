from shared.auth.tables import ACCESS_SCHEMA, metadata
from shared.db.migrate import run_env
from shared.settings import ServiceSettings

run_env(metadata, ACCESS_SCHEMA, lambda: ServiceSettings().database_url)
