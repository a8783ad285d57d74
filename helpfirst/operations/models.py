"""Operations: models."""
