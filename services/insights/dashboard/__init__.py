"""The dashboard managers read: web pages over the read model."""
