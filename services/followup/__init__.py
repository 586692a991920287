"""Follow-up: contacts the customer at sensible times through sensible channels."""
