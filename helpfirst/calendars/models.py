"""Calendar capture: models."""
