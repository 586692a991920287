"""API keys with scopes, stored hashed in the `access` schema, checked by every service."""
