"""E-mail capture: models."""
