"""Topic names: one topic per producing service. Dead letters are kept in each consumer's
database (shared/outbox/dead_letters.py); `<consumer>.dlq` only labels them."""

INTAKE_COMPLAINTS = "intake.complaints"
ROUTING_CASES = "routing.cases"
FOLLOWUP_CONTACTS = "followup.contacts"

EVENT_TOPICS = (INTAKE_COMPLAINTS, ROUTING_CASES, FOLLOWUP_CONTACTS)
# Insights reads the three and publishes nothing yet; its outbox would write here.
INSIGHTS_ALERTS = "insights.alerts"


def dead_letter_topic(consumer: str) -> str:
    return f"{consumer}.dlq"
