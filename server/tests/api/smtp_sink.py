#!/usr/bin/env python3
"""A real SMTP server on loopback for colapla's mail tests (server/tests/api/mail.rs).

Usage:  smtp_sink.py PORT OUT_DIR MODE_FILE

Every message accepted is written to OUT_DIR as NNNNNN.eml (numbered in order of arrival; written
aside and renamed, so a reader never sees half a message). Repeats are kept: the tests count
deliveries by Message-ID themselves.

MODE_FILE steers the server; it is read every 50 ms and again before each reply to DATA:
  ok        accept (250)                                  (also when the file is missing or empty)
  451       refuse for now: 451 4.3.0, a transient failure
  550       refuse for good: 550 5.7.1, a permanent failure
  down      stop listening and drop open connections: clients get "connection refused"
  slow N    write the message, then wait N seconds before answering 250 (a client that dies
            meanwhile has delivered without knowing it)

The server ends when its standard input closes, i.e. when the test that started it ends.
Needs aiosmtpd (pip install aiosmtpd).
"""

from __future__ import annotations

import asyncio
import logging
import os
import sys
import threading

from aiosmtpd.smtp import SMTP


class Sink:
    def __init__(self, out_dir: str, mode_file: str) -> None:
        self.out_dir = out_dir
        self.mode_file = mode_file
        self.count = 0

    def mode(self) -> list[str]:
        try:
            with open(self.mode_file, encoding="utf-8") as f:
                words = f.read().split()
        except FileNotFoundError:
            words = []
        return words or ["ok"]

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802 (aiosmtpd's name)
        mode = self.mode()
        if mode[0] == "451":
            return "451 4.3.0 Try again later"
        if mode[0] == "550":
            return "550 5.7.1 Message refused"
        if mode[0] == "down":
            return "421 4.3.2 Service shutting down"
        self.count += 1
        name = os.path.join(self.out_dir, f"{self.count:06}.eml")
        with open(name + ".part", "wb") as f:
            f.write(envelope.original_content)
        os.rename(name + ".part", name)
        if mode[0] == "slow" and len(mode) > 1:
            await asyncio.sleep(float(mode[1]))
        return "250 2.0.0 OK"


async def main() -> None:
    port, out_dir, mode_file = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    loop = asyncio.get_running_loop()
    stdin_closed = asyncio.Event()

    def watch_stdin() -> None:
        sys.stdin.read()
        loop.call_soon_threadsafe(stdin_closed.set)

    threading.Thread(target=watch_stdin, daemon=True).start()

    sink = Sink(out_dir, mode_file)
    connections: list[SMTP] = []

    def new_connection() -> SMTP:
        smtp = SMTP(sink, hostname="sink.test", ident="colapla test sink", enable_SMTPUTF8=True)
        connections.append(smtp)
        return smtp

    server = None
    while not stdin_closed.is_set():
        down = sink.mode()[0] == "down"
        if down and server is not None:
            server.close()
            server = None
            for smtp in connections:
                transport = getattr(smtp, "transport", None)
                if transport is not None:
                    transport.close()
            connections.clear()
        elif not down and server is None:
            server = await loop.create_server(new_connection, "127.0.0.1", port, reuse_address=True)
        try:
            await asyncio.wait_for(stdin_closed.wait(), timeout=0.05)
        except asyncio.TimeoutError:
            pass
    if server is not None:
        server.close()


if __name__ == "__main__":
    logging.basicConfig(level=logging.CRITICAL)
    asyncio.run(main())
