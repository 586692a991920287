"""Registering a complaint on every channel (idempotent), what the customer changes later,
the case file and the customer-facing timeline."""
