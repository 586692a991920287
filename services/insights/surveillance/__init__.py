"""Early warning: daily counts of a series compared with what its own history leads one to
expect."""
