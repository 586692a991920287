"""Callback, reach, satisfaction and reopen figures by department and period."""
