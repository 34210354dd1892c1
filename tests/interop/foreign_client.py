#!/usr/bin/env python3
"""Drives the real tcp-echo-server executable with a client that is not ours: Python's socket
module, blocking, as a student's script would. Every reply must be byte-exact.

usage: foreign_client.py <path to tcp-echo-server>
"""
import os
import random
import socket
import subprocess
import sys
import threading
import time

from byte_check import check_echo

START_TIMEOUT = 20.0  # seconds for the window to come up and listen
IO_TIMEOUT = 20.0


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(executable):
    """Starts the server window (offscreen) listening on a free port; returns (process, port)."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    for _ in range(3):  # the port could be taken between probing and listening
        port = free_port()
        process = subprocess.Popen(
            [executable, "--listen", "--port", str(port)],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline and process.poll() is None:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                return process, port
            except OSError:
                time.sleep(0.05)
        process.kill()
        process.wait()
    raise RuntimeError("tcp-echo-server did not start listening")


def echo(port, payload, chunk=65536):
    """Sends payload while reading, so a large payload can't fill both directions' buffers."""
    with socket.create_connection(("127.0.0.1", port), timeout=IO_TIMEOUT) as sock:
        sender = threading.Thread(target=sock.sendall, args=(payload,))
        sender.start()
        received = bytearray()
        while len(received) < len(payload):
            piece = sock.recv(chunk)
            if not piece:
                break
            received += piece
        sender.join()
        return bytes(received)


def keystrokes(port, text):
    """One byte per send, waiting for each echo, as the original exercise's client did."""
    received = bytearray()
    with socket.create_connection(("127.0.0.1", port), timeout=IO_TIMEOUT) as sock:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        for byte in text:
            sock.sendall(bytes([byte]))
            received += sock.recv(16)
    return bytes(received)


def main():
    executable = sys.argv[1]
    rng = random.Random(22000)
    cases = {
        "ascii": b"hello\n",
        "nul bytes": b"a\x00b\x00\x00c",
        "0xff and high bytes": bytes([0xFF, 0xFE, 0x80, 0xC3]),
        "utf-8": "héllo € 漢字".encode(),
        "every byte value": bytes(range(256)) * 4,
        "1 MiB random": rng.randbytes(1024 * 1024),
    }
    process, port = start_server(executable)
    passed = failed = 0
    try:
        for name, payload in cases.items():
            if check_echo(name, echo(port, payload), payload):
                passed += 1
            else:
                failed += 1
        got = keystrokes(port, b"hello\x00")
        if got == b"hello\x00":
            passed += 1
            print("PASS   keystrokes one byte at a time")
        else:
            failed += 1
            print(f"FAIL!  keystrokes: got {got!r}")

        # Several foreign clients at once, each its own bytes.
        results = {}
        payloads = {i: rng.randbytes(50_000 + i) for i in range(10)}
        threads = [threading.Thread(target=lambda i=i: results.__setitem__(i, echo(port, payloads[i])))
                   for i in payloads]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        if all(results.get(i) == payloads[i] for i in payloads):
            passed += 1
            print("PASS   10 clients at once")
        else:
            failed += 1
            print("FAIL!  10 clients at once")
        if process.poll() is not None:
            failed += 1
            print(f"FAIL!  the server exited with status {process.returncode}")
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
