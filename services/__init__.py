"""The three Tousu services; they never import each other."""
