#!/usr/bin/env python3
"""Programs we did not write, as UDP clients of the real `tcp-echo-server --headless` (RFC 862
over datagrams): netcat (OpenBSD) with -u, socat's UDP: address, and Python's SOCK_DGRAM
sockets. Each datagram must come back whole and byte for byte, NULs and 0xFF included.

usage: udp_foreign_clients.py <tcp-echo-server> <peer>
  peer: nc | socat | python
"""
import os
import random
import socket
import subprocess
import sys
import tempfile
import time

from byte_check import TIMEOUT, check_echo, run, stop_server

IO_TIMEOUT = 10.0
LARGEST_IPV4_DATAGRAM = 65_507

# One datagram each, small enough for a pipe to hand nc or socat in one read (PIPE_BUF).
PAYLOADS = {
    "text": b"hello, world\n",
    "nul bytes": b"a\x00b\x00\x00c",
    "0xff and high bytes": b"\xff\xfe\x80\xc3\xff",
    "every byte value": bytes(range(256)),
}


def free_port():
    """A port free on 127.0.0.1 for TCP and for UDP: the server listens on both."""
    for _ in range(100):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as tcp:
            tcp.bind(("127.0.0.1", 0))
            port = tcp.getsockname()[1]
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
                try:
                    udp.bind(("127.0.0.1", port))
                except OSError:
                    continue
                return port
    raise RuntimeError("no port free for both TCP and UDP on 127.0.0.1")


def udp_echoes(port):
    """Whether a datagram to the port comes back (the UDP socket may be bound after the TCP
    listener is announced)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.settimeout(0.2)
        try:
            probe.sendto(b"ready?", ("127.0.0.1", port))
            return probe.recvfrom(64)[0] == b"ready?"
        except OSError:
            return False


def start_server(executable):
    """Starts the headless server on a port free for TCP and UDP; returns (process, port) once
    it echoes a datagram. Tries another port only when the server exited (its port was taken
    between probing and binding)."""
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    for _ in range(3):  # the port could be taken between probing and binding
        port = free_port()
        # A file, not a pipe: a server that writes much must never block on us.
        with tempfile.TemporaryFile() as errors:
            server = subprocess.Popen([executable, "--headless", "--port", str(port)], env=env,
                                      stdout=subprocess.DEVNULL, stderr=errors)
            deadline = time.monotonic() + TIMEOUT
            while time.monotonic() < deadline and server.poll() is None:
                if udp_echoes(port):
                    return server, port
                time.sleep(0.05)
            running = server.poll() is None
            server.kill()
            server.wait(timeout=10)
            errors.seek(0)
            print(f"server on port {port} did not echo UDP: "
                  f"{errors.read().decode(errors='replace')[-500:]}")
            if running:
                break  # it serves, but not UDP: another port would not help
    raise RuntimeError("tcp-echo-server --headless did not echo UDP")



def tool_cases(peer, port):
    """(name, command, payload): one datagram per run of nc or socat, whose stdin becomes the
    datagram and whose stdout is the echo."""
    for name, payload in PAYLOADS.items():
        if peer == "nc":
            # -W 1: quit after one datagram has come back; -w 5: or after 5 s of silence.
            command = ["nc", "-u", "-n", "-W", "1", "-w", "5", "127.0.0.1", str(port)]
        else:
            # -t 3: after the end of stdin, wait 3 s for the echo.
            command = ["socat", "-t", "3", "-", f"UDP:127.0.0.1:{port}"]
        yield f"{peer}: {name}", command, payload


def exchange(sock, datagrams, address=None):
    """Sends every datagram and then reads as many back; returns them in the order they came."""
    for datagram in datagrams:
        if address is None:
            sock.send(datagram)
        else:
            sock.sendto(datagram, address)
    received = []
    for _ in datagrams:
        datagram, sender = sock.recvfrom(LARGEST_IPV4_DATAGRAM + 1)
        if address is not None and sender != address:
            raise RuntimeError(f"an echo came from {sender}, not from {address}")
        received.append(datagram)
    return received


def python_cases(port):
    """(name, got, expected) for Python's own sockets: connected and not, one datagram at a time,
    several before reading (boundaries kept), the largest IPv4 datagram, and several peers."""
    server = ("127.0.0.1", port)
    rng = random.Random(862)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.settimeout(IO_TIMEOUT)
        sock.connect(server)
        for name, payload in PAYLOADS.items():
            yield f"python connected: {name}", exchange(sock, [payload])[0], payload
        largest = rng.randbytes(LARGEST_IPV4_DATAGRAM)
        yield "python: 65,507-byte datagram", exchange(sock, [largest])[0], largest
        # Three datagrams before reading: three echoes, each its own datagram (order may vary
        # in general; compare them sorted).
        three = [b"one", b"\x00two\x00", b"\xff" * 3]
        yield ("python: 3 datagrams keep their boundaries",
               b"|".join(sorted(exchange(sock, three))), b"|".join(sorted(three)))
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.settimeout(IO_TIMEOUT)
        payload = PAYLOADS["nul bytes"] + PAYLOADS["0xff and high bytes"]
        yield "python sendto/recvfrom: from the server's address", \
            exchange(sock, [payload], server)[0], payload
    # Several peers, interleaved: each must get its own datagrams back, none of the others'.
    peers = [socket.socket(socket.AF_INET, socket.SOCK_DGRAM) for _ in range(8)]
    try:
        sent = {index: [] for index in range(len(peers))}
        for index, peer in enumerate(peers):
            peer.settimeout(IO_TIMEOUT)
            peer.connect(server)
        for round_number in range(10):
            for index, peer in enumerate(peers):
                datagram = bytes([index, round_number, 0, 0xFF]) + rng.randbytes(100 + index)
                peer.send(datagram)
                sent[index].append(datagram)
        got = {index: sorted(peer.recv(LARGEST_IPV4_DATAGRAM + 1) for _ in range(10))
               for index, peer in enumerate(peers)}
        yield ("python: 8 peers at once, 10 datagrams each",
               repr(got).encode(), repr({i: sorted(d) for i, d in sent.items()}).encode())
    finally:
        for peer in peers:
            peer.close()


def main():
    executable, peer = sys.argv[1], sys.argv[2]
    if peer not in ("nc", "socat", "python"):
        raise SystemExit(f"unknown peer {peer}")
    server, port = start_server(executable)
    passed = failed = 0
    try:
        if peer == "python":
            results = python_cases(port)
        else:
            results = ((name, run(command, payload), payload)
                       for name, command, payload in tool_cases(peer, port))
        try:
            for name, got, expected in results:
                if check_echo(name, got, expected):
                    passed += 1
                else:
                    failed += 1
        except (OSError, RuntimeError, subprocess.TimeoutExpired) as error:
            failed += 1
            print(f"FAIL!  {peer}: {error!r}")
        if server.poll() is not None:
            failed += 1
            print(f"FAIL!  the server exited with status {server.returncode}")
    finally:
        failed += stop_server(server)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed or not passed else 0


if __name__ == "__main__":
    sys.exit(main())
