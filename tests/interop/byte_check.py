"""What the interop tests share: comparing what came back with what was expected, and saying
so in the lines ctest reads ("PASS   …" / "FAIL!  …")."""


def check_echo(name, got, expected):
    """Prints one PASS or FAIL! line for `name`; returns whether the bytes matched."""
    if got == expected:
        print(f"PASS   {name} ({len(expected)} bytes)")
        return True
    at = next((i for i, (a, b) in enumerate(zip(got, expected)) if a != b),
              min(len(got), len(expected)))
    print(f"FAIL!  {name}: {len(got)} of {len(expected)} bytes back, first difference at byte {at}")
    return False
