#!/usr/bin/env python3
"""Programs we did not write, as clients of the real `tcp-echo-server --headless`: netcat
(OpenBSD), socat, and a C client written the way the original exercise wrote its own. Each must
get back exactly the bytes it sent, NULs and high bytes included.

usage: foreign_clients.py <tcp-echo-server> <peer> [<original_client>]
  peer: nc | socat | original-c
"""
import os
import re
import subprocess
import sys
import time

from byte_check import TIMEOUT, check_echo, run, stop_server



def start_server(executable):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    server = subprocess.Popen([executable, "--headless", "--port", "0"], env=env,
                              stdout=subprocess.PIPE, text=True)
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        line = server.stdout.readline()
        match = re.search(r"Listening on 127\.0\.0\.1:(\d+)", line)
        if match:
            return server, int(match.group(1))
        if not line and server.poll() is not None:
            break
    server.kill()
    raise RuntimeError("tcp-echo-server --headless did not start listening")



def main():
    executable, peer = sys.argv[1], sys.argv[2]
    payloads = {
        "text": b"hello, world\n",
        "nul and high bytes": b"a\x00b\x00\xff\xfe\x80end\n",
        "utf-8": "héllo € 漢字\n".encode(),
        "every byte value": bytes(range(256)) * 64,
        "256 KiB": bytes((i * 7 + 3) % 256 for i in range(256 * 1024)),
    }
    server, port = start_server(executable)
    passed = failed = 0
    try:
        for name, payload in payloads.items():
            if peer == "nc":
                # -N: shut down the sending side at the end of stdin, then read to the end.
                command, expected = ["nc", "-N", "127.0.0.1", str(port)], payload
            elif peer == "socat":
                command, expected = ["socat", "-t", "10", "-", f"TCP:127.0.0.1:{port}"], payload
            elif peer == "original-c":
                if b"\x00" in payload or len(payload) > 4000:
                    continue  # the exercise's client reads lines with fgets(): text only
                command = [sys.argv[3], str(port)]
                # It sends each line with its NUL and prints the echo, NUL included.
                expected = b"".join(line + b"\x00" for line in payload.splitlines(keepends=True))
            else:
                raise SystemExit(f"unknown peer {peer}")
            if check_echo(f"{peer}: {name}", run(command, payload), expected):
                passed += 1
            else:
                failed += 1
    finally:
        failed += stop_server(server)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed or not passed else 0


if __name__ == "__main__":
    sys.exit(main())
