"""What the interop tests share: comparing what came back with what was expected, running a
peer, stopping the server, and saying so in the lines ctest reads ("PASS   …" / "FAIL!  …")."""

import subprocess

TIMEOUT = 30


def check_echo(name, got, expected):
    """Prints one PASS or FAIL! line for `name`; returns whether the bytes matched."""
    if got == expected:
        print(f"PASS   {name} ({len(expected)} bytes)")
        return True
    at = next((i for i, (a, b) in enumerate(zip(got, expected)) if a != b),
              min(len(got), len(expected)))
    print(f"FAIL!  {name}: {len(got)} of {len(expected)} bytes back, first difference at byte {at}")
    return False


def run(command, payload):
    """Runs a peer program with `payload` on its standard input; returns what it printed."""
    done = subprocess.run(command, input=payload, capture_output=True, timeout=TIMEOUT)
    if done.returncode != 0:
        raise RuntimeError(f"{command[0]} exited {done.returncode}: "
                           f"{done.stderr.decode(errors='replace')}")
    return done.stdout


def stop_server(server):
    """Stops the headless server as a user does (SIGTERM); returns the failures it printed: one
    if it did not stop, one if it ended with a status other than 0."""
    failed = 0
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()
        failed += 1
        print("FAIL!  the server did not stop on SIGTERM")
    if server.returncode not in (0, -9):
        failed += 1
        print(f"FAIL!  the server exited with status {server.returncode}")
    return failed
