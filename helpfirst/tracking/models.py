"""Website tracking: models."""
