from services.followup.models import SCHEMA, metadata
from services.followup.settings import FollowupSettings
from shared.db.migrate import run_env

run_env(metadata, SCHEMA, lambda: FollowupSettings().database_url)
