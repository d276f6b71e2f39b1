"""One place for every setting of the server (pydantic-settings, ``PLENARY_`` prefix)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent
BUNDLED_SCENARIOS_DIR = PROJECT_ROOT / "scenarios"
WEB_DIR = PROJECT_ROOT / "web"
METRICS_TOKEN_MIN_LENGTH = 16


def default_database_url() -> str:
    # Resolved at start so the file lands beside wherever `plenary serve` runs.
    return f"sqlite:///{(Path.cwd() / 'plenary.db').as_posix()}"


class Settings(BaseSettings):
    """Every knob of the server. Each field can be set as ``PLENARY_<FIELD>`` in the environment."""

    model_config = SettingsConfigDict(env_prefix="PLENARY_", extra="ignore")

    database_url: str = Field(
        default_factory=default_database_url,
        description="SQLAlchemy URL: SQLite (WAL) by default, or postgresql+psycopg://...",
    )
    scenarios_dir: Path = Field(default=BUNDLED_SCENARIOS_DIR)
    web_dir: Path = Field(default=WEB_DIR)
    host: str = "127.0.0.1"
    port: int = 8000
    redis_url: str | None = Field(
        default=None, description="Set to wake up other workers through Redis pub/sub."
    )

    # Where students' devices reach the server (app/join_links.py).
    public_url: str | None = Field(
        default=None,
        description="The address devices open, e.g. https://mun.example.org, when the server "
        "sits behind a proxy; join links, QR codes and the printed addresses use it.",
    )
    network_addresses: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="Comma-separated addresses to hand out when listening on all interfaces, "
        "instead of those found on this computer's (e.g. only the classroom Wi-Fi's).",
    )

    # Protocol limits.
    max_message_bytes: int = Field(
        default=16_384,
        description="Largest WebSocket message a client may send, after decompression; the "
        "WebSocket layer closes a socket that sends a bigger one with 1009.",
    )
    ws_ping_interval_seconds: float = Field(
        default=20.0, description="The server pings every socket this often."
    )
    ws_ping_timeout_seconds: float = Field(
        default=20.0,
        description="A socket that has not answered a ping after this long is cut off (a "
        "device that stopped reading must not hold the room's memory).",
    )
    send_queue_limit: int = 1_000
    rate_limit_per_second: float = 20.0
    rate_limit_burst: int = 40
    hello_timeout_seconds: float = 10.0
    state_interval_seconds: float = Field(
        default=0.1,
        description="Least time between two state views to one connection (x1 per 100 "
        "connections); events are never delayed.",
    )
    ws_compression: bool = Field(
        default=True,
        description="Offer permessage-deflate to browsers (saves bandwidth, costs CPU).",
    )

    # Connection caps (per server process). Opening more sockets must not buy more commands or
    # memory: a seat's devices share one command budget, and the oldest device gives way.
    ws_connections_per_seat: int = Field(
        default=3,
        description="Sockets one seat token may hold at once (phone, laptop, a reloaded tab); "
        "one more closes the oldest with 4009.",
    )
    ws_connections_per_chair_key: int = Field(
        default=5,
        description="Sockets one chair (or co-chair) key may hold at once; one more closes "
        "the oldest with 4009.",
    )
    ws_connections_per_projector_key: int = Field(
        default=5,
        description="Sockets one projector link may hold at once (never counted with the "
        "read-only screens below); one more closes the oldest with 4009.",
    )
    ws_spectators_per_room: int = Field(
        default=100,
        description="Read-only (no token) sockets per room; more are refused with 4029.",
    )
    ws_connections_per_address: int = Field(
        default=1_000,
        description="Sockets from one client address, all rooms together (a whole school "
        "often shares one address); more are refused with 4029.",
    )
    seat_rate_limit_per_second: float = Field(
        default=20.0,
        description="Commands a second one seat token (or chair key) may send over all its "
        "sockets together.",
    )
    seat_rate_limit_burst: int = 40

    # Persistence.
    snapshot_every: int = 200
    resync_gap: int = 500
    recent_events_kept: int = 2_000
    max_upload_bytes: int = 512_000
    max_request_bytes: int = Field(
        default=2_097_152,
        description="Largest HTTP request body; bigger ones get 413 request_too_large.",
    )

    # Rooms.
    room_code_length: int = 6
    # Per client address: guessing room codes (404s) and creating rooms in bulk. A whole class
    # often shares one school address and mistypes codes, so the burst is generous; at one miss a
    # second, finding one of 50 live 6-character codes (31**6) still takes months.
    room_code_misses_per_second: float = 1.0
    room_code_miss_burst: int = 120
    rooms_created_per_second: float = 0.5
    room_creation_burst: int = 60
    rooms_per_address: int = Field(
        default=200,
        description="Rooms one client address may hold at once (a conference's secretariat "
        "opens dozens from one laptop); more get 429 room_quota_exceeded.",
    )
    room_bytes_per_address: int = Field(
        default=64 * 1024 * 1024,
        description="Bytes of scenario and initial state the rooms of one address may store.",
    )
    max_rooms: int = Field(
        default=20_000, description="Rooms the server holds in all; more get 503 server_full."
    )
    max_room_bytes: int = Field(
        default=4 * 1024 * 1024 * 1024,
        description="Bytes of scenarios and initial states all rooms may store together.",
    )

    # The life of a room: unused rooms are deleted (with their exports), closed ones sooner.
    room_idle_days: float = Field(
        default=30.0,
        description="A room nobody has used for this long is deleted with everything in it.",
    )
    closed_room_days: float = Field(
        default=7.0,
        description="A closed room stays readable and exportable this long, then is deleted.",
    )
    room_unload_seconds: float = Field(
        default=900.0,
        description="A room with no connection for this long leaves memory (it loads again "
        "when someone opens it, or when its next timer is due).",
    )
    room_maintenance_seconds: float = Field(
        default=60.0, description="How often rooms are checked for unloading and expiry."
    )

    # Operations.
    metrics_token: str | None = Field(
        default=None,
        description="Turns /metrics on; scrapers send it as 'Authorization: Bearer <token>'. "
        "At least 16 characters.",
    )
    log_format: Literal["text", "json"] = Field(
        default="text", description="json: one JSON object a line, for a log collector."
    )

    @field_validator("metrics_token")
    @classmethod
    def _long_metrics_token(cls, value: str | None) -> str | None:
        if value is None or value == "":
            return None
        if len(value) < METRICS_TOKEN_MIN_LENGTH:
            raise ValueError(
                f"PLENARY_METRICS_TOKEN must be at least {METRICS_TOKEN_MIN_LENGTH} characters "
                "(a short token can be guessed); make one with: openssl rand -hex 24"
            )
        return value

    @field_validator("network_addresses", mode="before")
    @classmethod
    def _split_addresses(cls, value: object) -> object:
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @field_validator("public_url")
    @classmethod
    def _plain_public_url(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        url = value.strip().rstrip("/")
        if not url.startswith(("http://", "https://")):
            raise ValueError("PLENARY_PUBLIC_URL must start with http:// or https://")
        return url


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
