#!/usr/bin/env python3
"""The house style: every source file laid out as the pinned clang-format lays out .clang-format.

    check_format.py MAJOR FILE...          check
    check_format.py --fix MAJOR FILE...    lay the files out (the `format` build target)

Each clang-format major version lays out the same .clang-format a little differently, so the
check uses one version only: clang-format-MAJOR, or a plain clang-format of that major version.
Where neither is installed the check is skipped (exit 77) with the reason, never passed and
never failed on another version's layout.
"""

import re
import shutil
import subprocess
import sys

SKIPPED = 77


def major_version(executable):
    result = subprocess.run([executable, "--version"], capture_output=True, text=True, timeout=60)
    found = re.search(r"clang-format version (\d+)\.", result.stdout)
    return int(found.group(1)) if found else None


def find_clang_format(major):
    """The pinned version's path, and what else was found (for the skip message)."""
    others = []
    for name in (f"clang-format-{major}", "clang-format"):
        path = shutil.which(name)
        if not path:
            continue
        version = major_version(path)
        if version == major:
            return path, others
        others.append(f"{path} is version {version}")
    return None, others


def main(argv):
    fix = len(argv) > 1 and argv[1] == "--fix"
    arguments = argv[2:] if fix else argv[1:]
    if len(arguments) < 2 or not arguments[0].isdigit():
        print(__doc__, file=sys.stderr)
        return 2
    major = int(arguments[0])
    files = arguments[1:]
    clang_format, others = find_clang_format(major)
    if not clang_format:
        found = f" ({'; '.join(others)})" if others else ""
        print(f"{'FAIL' if fix else 'SKIPPED'}: clang-format {major} is not installed{found}: "
              f"the style is defined by that version's layout. Install clang-format-{major} "
              f"(scripts/test does).")
        return 1 if fix else SKIPPED
    if fix:
        return subprocess.run([clang_format, "-i", *files], timeout=300).returncode
    result = subprocess.run([clang_format, "--dry-run", "-Werror", *files],
                            capture_output=True, text=True, timeout=300)
    sys.stdout.write(result.stdout + result.stderr)
    if result.returncode != 0:
        print(f"FAIL: not laid out as {clang_format} lays out .clang-format; fix with "
              f"`{clang_format} -i FILE` or `cmake --build BUILD_DIR --target format`")
        return 1
    print(f"ok: {len(files)} files laid out as {clang_format} (version {major}) wants")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
