"""Is it a complaint at all: the verdict with its reason code, merging duplicates, referring
what belongs elsewhere, and a supervisor's overturn."""
