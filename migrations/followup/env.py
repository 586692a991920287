from services.followup.settings import FollowupSettings
from services.followup.tables import SCHEMA, metadata
from shared.db.migrate import run_env

run_env(metadata, SCHEMA, lambda: FollowupSettings().database_url)
