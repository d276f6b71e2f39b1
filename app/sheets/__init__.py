"""Printable role sheets: one page per seat and the chair's script of the session."""
