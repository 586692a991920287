"""Files kept with a complaint: checked, stored by checksum (locally or S3), read back."""
