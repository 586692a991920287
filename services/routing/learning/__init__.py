"""The trained department classifier: training, activation, retraining from the archive."""
