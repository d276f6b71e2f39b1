"""The debrief report as an HTML page (inline SVG charts, prints cleanly to PDF)."""
