"""Topic names: one topic per producing service, one dead-letter topic per consumer."""

INTAKE_COMPLAINTS = "intake.complaints"
ROUTING_CASES = "routing.cases"
FOLLOWUP_CONTACTS = "followup.contacts"

EVENT_TOPICS = (INTAKE_COMPLAINTS, ROUTING_CASES, FOLLOWUP_CONTACTS)
CONSUMERS = ("intake", "routing", "followup")


def dead_letter_topic(consumer: str) -> str:
    return f"{consumer}.dlq"


ALL_TOPICS = EVENT_TOPICS + tuple(dead_letter_topic(c) for c in CONSUMERS)
