"""HTML pages: the web helper's Jinja2 templates, rendered with the room code and settings."""
