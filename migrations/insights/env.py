from services.insights.settings import InsightsSettings
from services.insights.tables import SCHEMA, metadata
from shared.db.migrate import run_env

run_env(metadata, SCHEMA, lambda: InsightsSettings().database_url)
