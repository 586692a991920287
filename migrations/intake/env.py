from services.intake.models import SCHEMA, metadata
from services.intake.settings import IntakeSettings
from shared.db.migrate import run_env

run_env(metadata, SCHEMA, lambda: IntakeSettings().database_url)
