from services.intake.settings import IntakeSettings
from services.intake.tables import SCHEMA, metadata
from shared.db.migrate import run_env

run_env(metadata, SCHEMA, lambda: IntakeSettings().database_url)
