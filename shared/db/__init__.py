"""Database plumbing: metadata conventions, engines, the unit-of-work base."""
