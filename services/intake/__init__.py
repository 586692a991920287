"""Intake: accepts complaints on every channel, identifies customers, keeps the timeline."""
