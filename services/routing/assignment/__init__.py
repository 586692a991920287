"""Judging and routing a registered complaint: the department, priority and deadlines; the
department queue and dispatch from the triage desk."""
