"""Where a server's time went, from py-spy's raw stacks (``py-spy record --format raw``).

    .venv/bin/python bench/profile_summary.py prof.txt [--top 12]

Prints the total samples, the inclusive share of the frames that matter for a room's fan-out
(each counted once per stack), and the functions with the most self time (the leaf frame,
by function and file, lines merged). Shares are of every sample, idle included: py-spy's
``--nonblocking`` samples only a thread that is running Python, so idle time is mostly absent.
"""

from __future__ import annotations

import argparse
import collections
import re
from pathlib import Path

# Frame name prefixes worth an inclusive share; a frame is "Function (file:line)".
WATCHED = (
    "LiveSender._send_items",
    "LiveSender._send_state",
    "StateFrames.next",
    "CommittedBatch.patch_head",
    "CommittedBatch.me_json",
    "private_view",
    "legal_actions",
    "public_view",
    "RoomWriter._write",
    "LiveConnection._greet",
    "WebSocketsSansIOProtocol.send",
    "WebSocket.send_text",
)
LINE = re.compile(r":\d+\)$")


def summary(path: Path, top: int) -> str:
    inclusive: collections.Counter[str] = collections.Counter()
    own: collections.Counter[str] = collections.Counter()
    total = 0
    for line in path.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not count.isdigit():
            continue
        samples = int(count)
        total += samples
        frames = stack.split(";")
        names = {frame.split(" ")[0] for frame in frames}
        for watched in WATCHED:
            if watched in names:
                inclusive[watched] += samples
        own[LINE.sub(")", frames[-1])] += samples
    lines = [f"{total} samples", "", "inclusive:"]
    lines += [f"  {inclusive[name] / total:6.1%}  {name}" for name in WATCHED]
    lines += ["", "self time:"]
    lines += [f"  {count / total:6.1%}  {name}" for name, count in own.most_common(top)]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("profile", type=Path)
    parser.add_argument("--top", type=int, default=12)
    args = parser.parse_args()
    print(summary(args.profile, args.top))


if __name__ == "__main__":
    main()
