"""Scenario files: the format, reading YAML with positions, checks, and starting a session."""
