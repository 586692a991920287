"""The read model: each complaint's dimensions and milestones, folded from every service's
events."""
