"""The audit of reads: who opened which complaint, attachment, screen-pop or customer history."""
