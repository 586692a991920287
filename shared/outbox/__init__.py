"""Transactional outbox and idempotent inbox."""
