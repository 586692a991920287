"""Event contracts: the envelope and the versioned payload models."""
