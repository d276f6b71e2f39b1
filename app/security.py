"""Room codes, seat tokens and chair keys."""

from __future__ import annotations

import hashlib
import hmac
import secrets

# No 0/O, 1/I/L: a code is read aloud and written on a board.
ROOM_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def new_room_code(length: int = 6) -> str:
    return "".join(secrets.choice(ROOM_CODE_ALPHABET) for _ in range(length))


def normalise_room_code(code: str) -> str:
    """Accept what a student types: lower case, spaces or a dash between the halves."""
    return code.strip().upper().replace("-", "").replace(" ", "")


def new_secret() -> str:
    return secrets.token_urlsafe(24)


def hash_secret(secret: str) -> str:
    # Secrets carry 192 random bits, so a plain SHA-256 is enough; no password stretching needed.
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def secret_matches(secret: str, stored_hash: str | None) -> bool:
    return stored_hash is not None and hmac.compare_digest(hash_secret(secret), stored_hash)
