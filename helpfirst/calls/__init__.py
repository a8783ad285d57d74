"""Sales calls: stored transcripts with their analysis, the call page, coaching and practice."""
