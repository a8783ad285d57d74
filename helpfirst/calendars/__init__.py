"""Calendar capture."""
