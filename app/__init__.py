"""Plenary's server: HTTP and WebSocket transport, rooms, persistence."""
