"""Scenarios: the bundled folder and uploaded files, as rooms need them."""
