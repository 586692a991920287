"""The `tousu` command: composes the services into processes (the composition layer)."""
