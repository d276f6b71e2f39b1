"""Deciding one vote: decision rules, decide(), and the Security Council's Article 27."""
