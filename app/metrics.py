"""Prometheus metrics (prometheus-client) and their ``/metrics`` endpoint.

With several workers every process writes its values under ``PROMETHEUS_MULTIPROC_DIR`` (set by
``plenary serve --workers N`` before the workers start, since prometheus-client picks its mode on
import) and a scrape of any worker adds them all up. The endpoint is off unless
``PLENARY_METRICS_TOKEN`` is set, and then wants ``Authorization: Bearer <token>``.
"""

from __future__ import annotations

import hmac
import os
import re
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import Response
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)

from app.errors import NotFound, Unauthorized, error_responses
from app.settings import Settings

MULTIPROC_DIR = "PROMETHEUS_MULTIPROC_DIR"

# Gauges of a process count only while it lives ("livesum"); ignored by the single-process mode.
CONNECTIONS = Gauge(
    "plenary_connections",
    "Open room WebSockets.",
    multiprocess_mode="livesum",
)
ROOMS = Gauge("plenary_rooms_loaded", "Rooms held in memory.", multiprocess_mode="livesum")
COMMANDS = Counter(
    "plenary_commands",
    "Commands the room writers took, by type and outcome (accepted, refused).",
    ["type", "outcome"],
)
COMMIT_SECONDS = Histogram(
    "plenary_commit_seconds",
    "Time to store one group commit of events (the transaction, in its worker thread).",
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0),
)
SEND_QUEUES_CLOSED = Counter(
    "plenary_send_queues_closed",
    "Sockets closed because their send queue was full (the client fell behind).",
)
HUB_WAKE_UPS = Counter(
    "plenary_hub_wake_ups",
    "Wake-ups the Redis hub received from other workers (and catch-ups after a reconnect).",
)


def command_type(fields: dict[str, object], known: tuple[str, ...]) -> str:
    """The command's type as a label: only known types, so a client cannot mint label values."""
    kind = fields.get("type")
    return kind if isinstance(kind, str) and kind in known else "other"


def multiprocess_dir() -> Path | None:
    value = os.environ.get(MULTIPROC_DIR)
    return Path(value) if value else None


_LIVE_FILE = re.compile(r"^gauge_live\w*?_(\d+)\.db$")


def forget_dead_workers(folder: Path) -> None:
    """A worker killed outright never says it died; its live gauges must stop counting."""
    pids = {int(m.group(1)) for f in folder.iterdir() if (m := _LIVE_FILE.match(f.name))}
    for pid in pids:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            multiprocess.mark_process_dead(pid, str(folder))  # type: ignore[no-untyped-call]
        except PermissionError:
            continue


def exposition() -> bytes:
    """Every metric of this deployment's workers, in Prometheus's text format."""
    folder = multiprocess_dir()
    if folder is None:
        return generate_latest(REGISTRY)
    forget_dead_workers(folder)
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry, path=str(folder))  # type: ignore[no-untyped-call]
    return generate_latest(registry)


def prepare_multiprocess_dir(folder: Path) -> None:
    """An empty folder for a new run (prometheus-client wants last run's files gone)."""
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob("*.db"):
        stale.unlink()


class MetricsDisabled(NotFound):
    code = "metrics_disabled"

    def __init__(self) -> None:
        super().__init__(
            "Metrics are off on this server; set PLENARY_METRICS_TOKEN (16 characters or more) "
            "to turn them on."
        )


class MetricsUnauthorized(Unauthorized):
    code = "metrics_unauthorized"

    def __init__(self) -> None:
        super().__init__(
            "Send the metrics token as 'Authorization: Bearer <PLENARY_METRICS_TOKEN>'."
        )


router = APIRouter(tags=["operations"])


@router.get(
    "/metrics",
    response_class=Response,
    responses={
        200: {"content": {CONTENT_TYPE_LATEST: {}}, "description": "Prometheus text format."},
        **error_responses(401, 404),
    },
)
async def metrics(request: Request) -> Response:
    settings: Settings = request.app.state.settings
    token = settings.metrics_token
    if token is None:
        raise MetricsDisabled()
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    matches = hmac.compare_digest(given.strip().encode(), token.encode())
    if scheme.lower() != "bearer" or not matches:
        raise MetricsUnauthorized()
    return Response(exposition(), media_type=CONTENT_TYPE_LATEST)
