"""The customer's details are declared once (CustomerDetails); the HTTP schema and the event
contract mirror them, so a field added there is added here too or this fails."""

from services.intake.complaints.schemas import CustomerIn
from services.intake.customers.domain import DETAILS
from shared.events.intake import CustomerContact


def test_the_http_schema_takes_exactly_the_customer_details() -> None:
    assert set(CustomerIn.model_fields) == set(DETAILS)


def test_the_event_contract_carries_every_customer_detail() -> None:
    assert set(DETAILS) <= set(CustomerContact.model_fields)
