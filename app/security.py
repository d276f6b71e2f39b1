"""Room codes, seat tokens and chair keys."""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
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


def network_of(address: str) -> str:
    """The client's network, as bounds per network count it: the IPv4 address itself, or the
    IPv6 /64 (one household or school network gets a whole /64 and may rotate within it)."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if parsed.version == 6:
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)


def network_hash(address: str, key: str) -> str:
    """A keyed hash of the client's network: rooms can be counted per network without storing
    anything that gives the address back (a plain hash of an IPv4 address is easily reversed)."""
    return hmac.new(key.encode(), network_of(address).encode(), hashlib.sha256).hexdigest()
