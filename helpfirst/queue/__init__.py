"""The help queue: who each rep can help today, snoozes, and stage-suggestion decisions."""
