from services.routing.settings import RoutingSettings
from services.routing.tables import SCHEMA, metadata
from shared.db.migrate import run_env

run_env(metadata, SCHEMA, lambda: RoutingSettings().database_url)
