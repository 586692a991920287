"""HTTP plumbing shared by every service: the app, errors, health, limits."""
