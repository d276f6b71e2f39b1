"""Rooms: seats, the live session's writer, its WebSocket connections and its HTTP API."""
