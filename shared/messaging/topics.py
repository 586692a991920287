"""Topic names: one topic per producing service. Dead letters are kept in each consumer's
database (shared/outbox/dead_letters.py); `<consumer>.dlq` only labels them."""

INTAKE_COMPLAINTS = "intake.complaints"
ROUTING_CASES = "routing.cases"
FOLLOWUP_CONTACTS = "followup.contacts"

# The complaint's life: insights reads all three.
EVENT_TOPICS = (INTAKE_COMPLAINTS, ROUTING_CASES, FOLLOWUP_CONTACTS)
# Early warnings, for whoever subscribes (a ticketing system, a chat bridge).
INSIGHTS_ALERTS = "insights.alerts"
ALL_TOPICS = (*EVENT_TOPICS, INSIGHTS_ALERTS)


def dead_letter_topic(consumer: str) -> str:
    return f"{consumer}.dlq"
