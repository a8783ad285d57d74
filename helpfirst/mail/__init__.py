"""E-mail capture."""
