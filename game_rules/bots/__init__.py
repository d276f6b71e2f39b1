"""Bots for empty seats, and :func:`play`: ``apply`` with the bots taking their turns."""

from game_rules.bots.players import play

__all__ = ["play"]
