"""Routing: decides the responsible department, the priority and the deadlines."""
