"""Position papers: each seat writes one before the session; the chair reads and scores it."""
