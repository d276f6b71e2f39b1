"""uvicorn's WebSocket protocol, with peers that stop reading cut off rather than waited for.

uvicorn (``websockets-sansio``) notices a peer that does not answer its keepalive ping, sends a
close frame and *closes* the transport. Closing waits for the write buffer to drain, which never
happens when the peer has stopped reading: the socket, its buffers and everything the room had
queued for it stay in memory for ever, and the application is never told. Here the transport is
*aborted* instead, so the application sees the disconnect at once and lets go of it.
"""

from __future__ import annotations

import contextlib
import socket
import struct

from uvicorn.protocols.websockets.websockets_sansio_impl import WebSocketsSansIOProtocol

#: After the application is done with a socket, how long its last frames may take to leave.
LINGER_SECONDS = 10.0


class PlenaryWebSocketProtocol(WebSocketsSansIOProtocol):
    def keepalive_timeout(self) -> None:
        super().keepalive_timeout()
        self._cut_off()

    def _cut_off(self) -> None:
        """Reset the connection: the kernel drops what it still had to send, too (a plain
        close keeps it queued for a peer that will never read it)."""
        sock = self.transport.get_extra_info("socket")
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.transport.abort()

    async def run_asgi(self) -> None:
        await super().run_asgi()
        # The close frame (and anything before it) gets a moment to leave, then the socket goes.
        self.loop.call_later(LINGER_SECONDS, self._abort_if_lingering)

    def _abort_if_lingering(self) -> None:
        if not self.disconnected:
            self._cut_off()
