"""The departments cases are sent to, and the triage desk."""
