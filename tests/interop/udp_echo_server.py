#!/usr/bin/env python3
"""A UDP echo server (RFC 862) that is not ours: every datagram goes back to its sender as it
came. Listens on 127.0.0.1 (or ::1 with --ipv6) on a port the system picks, prints that port on
one line, and stops by itself after 60 s without a datagram."""

import socket
import sys


def main() -> int:
    family = socket.AF_INET6 if "--ipv6" in sys.argv else socket.AF_INET
    host = "::1" if family == socket.AF_INET6 else "127.0.0.1"
    with socket.socket(family, socket.SOCK_DGRAM) as server:
        server.bind((host, 0))
        server.settimeout(60)
        print(server.getsockname()[1], flush=True)
        while True:
            try:
                datagram, sender = server.recvfrom(65535)
            except socket.timeout:
                return 0
            server.sendto(datagram, sender)


if __name__ == "__main__":
    sys.exit(main())
