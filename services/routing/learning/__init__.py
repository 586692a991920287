"""The trained department classifier: Chinese and English complaint text to a label."""
