from services.routing.models import SCHEMA, metadata
from services.routing.settings import RoutingSettings
from shared.db.migrate import run_env

run_env(metadata, SCHEMA, lambda: RoutingSettings().database_url)
