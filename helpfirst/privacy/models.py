"""Privacy: models."""
