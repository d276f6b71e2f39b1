"""After a session: the debrief, and whole sessions played by bots (simulate)."""
