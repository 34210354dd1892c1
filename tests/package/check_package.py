#!/usr/bin/env python3
"""Checks what `cmake --install` and the .deb deliver, the way a user and Debian's tools see them.

    check_package.py install-layout BUILD_DIR VERSION APP_ID
    check_package.py validate-desktop FILE
    check_package.py validate-metainfo FILE
    check_package.py deb-build BUILD_DIR OUT_DIR
    check_package.py deb-contents OUT_DIR VERSION APP_ID
    check_package.py deb-lintian OUT_DIR
    check_package.py deb-clean OUT_DIR

Each prints what it checked and exits 1 with the reason on the first failure. The programs are
installed or unpacked from a build that must already be complete (ctest builds nothing).
"""

import configparser
import glob
import os
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ElementTree

PROGRAMS = ("server", "client")


class CheckFailed(Exception):
    pass


def require(condition, message):
    if not condition:
        raise CheckFailed(message)


def tool(name, package):
    path = shutil.which(name)
    require(path, f"{name} not found: install {package} (scripts/test does)")
    return path


def run(command, **kwargs):
    """Runs a command and returns its output; a failing command fails the check."""
    result = subprocess.run(command, capture_output=True, text=True, timeout=120, **kwargs)
    output = result.stdout + result.stderr
    require(result.returncode == 0,
            f"{' '.join(command)} exited with {result.returncode}:\n{output}")
    return output


def check_version(executable, version):
    require(os.access(executable, os.X_OK), f"{executable} is missing or not executable")
    # No display: --version must answer before any window or platform plugin exists.
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    output = run([executable, "--version"], env=env).strip()
    expected = f"{os.path.basename(executable)} {version}"
    require(output == expected, f"{executable} --version printed {output!r}, not {expected!r}")
    print(f"ok: {executable} --version -> {output}")


def read_desktop_entry(path):
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # keys are case-sensitive: Name, Name[fr]
    parser.read(path, encoding="utf-8")
    require(parser.has_section("Desktop Entry"), f"{path} has no [Desktop Entry] group")
    return parser["Desktop Entry"]


def check_tree(root, prefix, version, app_id):
    """The layout under root + prefix (/usr for the .deb, the install prefix otherwise)."""
    usr = os.path.join(root, prefix.lstrip("/"))
    share = os.path.join(usr, "share")
    icons = os.path.join(share, "icons", "hicolor", "scalable", "apps")
    for program in PROGRAMS:
        executable = os.path.join(usr, "bin", f"tcp-echo-{program}")
        check_version(executable, version)

        desktop = os.path.join(share, "applications", f"{app_id}.{program}.desktop")
        require(os.path.isfile(desktop), f"{desktop} is not installed")
        entry = read_desktop_entry(desktop)
        require(entry.get("Exec", "").split()[0] == os.path.basename(executable),
                f"{desktop}: Exec={entry.get('Exec')} does not start {executable}")
        icon = os.path.join(icons, entry.get("Icon", "") + ".svg")
        require(os.path.isfile(icon), f"{desktop}: Icon={entry.get('Icon')} but {icon} is missing")
        with open(icon, encoding="utf-8") as svg:
            require("<svg" in svg.read(), f"{icon} is not an SVG")
        for key in ("Name", "GenericName", "Comment", "Keywords"):
            require(entry.get(f"{key}[fr]"), f"{desktop}: no {key}[fr]")
        man = os.path.join(share, "man", "man1", f"tcp-echo-{program}.1.gz")
        require(os.path.isfile(man), f"{man} is not installed")
        print(f"ok: {desktop} -> {icon}")

    metainfo = os.path.join(share, "metainfo", f"{app_id}.metainfo.xml")
    require(os.path.isfile(metainfo), f"{metainfo} is not installed")
    component = ElementTree.parse(metainfo).getroot()
    require(component.findtext("id") == app_id, f"{metainfo}: id is not {app_id}")
    launchables = sorted(e.text for e in component.findall("launchable"))
    expected = sorted(f"{app_id}.{program}.desktop" for program in PROGRAMS)
    require(launchables == expected, f"{metainfo}: launchables {launchables}, not {expected}")
    releases = [e.get("version") for e in component.findall("releases/release")]
    require(version in releases, f"{metainfo}: no release {version} (has {releases})")
    print(f"ok: {metainfo} launches {', '.join(launchables)}")

    doc = os.path.join(share, "doc", "tcp-echo")
    for name in ("copyright", "changelog.gz", "README.md"):
        require(os.path.isfile(os.path.join(doc, name)), f"{doc}/{name} is not installed")
    print(f"ok: {doc} has copyright, changelog.gz, README.md")


def install_layout(build_dir, version, app_id):
    # The CMake that configured the build (ctest passes it), not whichever is first on PATH.
    cmake = os.environ.get("TCP_ECHO_CMAKE") or tool("cmake", "cmake")
    with tempfile.TemporaryDirectory(prefix="tcp-echo-install-") as root:
        prefix = os.path.join(root, "usr")
        run([cmake, "--install", build_dir, "--prefix", prefix])
        check_tree(prefix, "/", version, app_id)


def validate_desktop(path):
    validator = tool("desktop-file-validate", "desktop-file-utils")
    output = run([validator, path]).strip()
    # It exits 0 on warnings and hints: those fail here too.
    require(not output, f"desktop-file-validate {path}:\n{output}")
    print(f"ok: desktop-file-validate {path}: no errors, warnings or hints")


def validate_metainfo(path):
    validator = tool("appstreamcli", "appstream")
    # Exits non-zero on errors and warnings; infos and pedantic notes are printed, not fatal.
    print(run([validator, "validate", "--no-net", path]))


def deb_path(out_dir):
    debs = glob.glob(os.path.join(out_dir, "*.deb"))
    require(len(debs) == 1, f"expected one .deb in {out_dir}, found {debs}")
    return debs[0]


def deb_build(build_dir, out_dir):
    cpack = os.environ.get("TCP_ECHO_CPACK") or tool("cpack", "cmake")
    tool("dpkg-shlibdeps", "dpkg-dev")
    shutil.rmtree(out_dir, ignore_errors=True)
    os.makedirs(out_dir)
    # -B keeps CPack's staging tree and the .deb out of the build directory.
    run([cpack, "-G", "DEB", "--config", os.path.join(build_dir, "CPackConfig.cmake"),
         "-B", out_dir])
    print(f"ok: built {deb_path(out_dir)}")


def deb_contents(out_dir, version, app_id):
    dpkg_deb = tool("dpkg-deb", "dpkg")
    deb = deb_path(out_dir)
    depends = run([dpkg_deb, "--field", deb, "Depends"]).strip()
    print(f"Depends: {depends}")
    names = {alternative.split()[0] for item in depends.split(",")
             for alternative in item.split("|")}
    # Found by dpkg-shlibdeps in the binaries, plus the SVG icon plugin listed by hand.
    for package in ("libc6", "libstdc++6", "libqt6core6", "libqt6gui6", "libqt6network6",
                    "libqt6widgets6", "libqt6svg6"):
        require(package in names, f"Depends lacks {package}: {depends}")
    for field, expected in (("Package", "tcp-echo"), ("Version", version)):
        value = run([dpkg_deb, "--field", deb, field]).strip()
        require(value == expected, f"{field} is {value!r}, not {expected!r}")
    with tempfile.TemporaryDirectory(prefix="tcp-echo-deb-") as root:
        run(["dpkg", "-x", deb, root])
        check_tree(root, "/usr", version, app_id)
        file_tool = tool("file", "file")
        for program in PROGRAMS:
            executable = os.path.join(root, "usr", "bin", f"tcp-echo-{program}")
            description = run([file_tool, "--brief", executable])
            require(", stripped" in description, f"{executable} is not stripped: {description}")


def deb_lintian(out_dir):
    lintian = tool("lintian", "lintian")
    deb = deb_path(out_dir)
    result = subprocess.run([lintian, "--info", deb], capture_output=True, text=True, timeout=120)
    output = result.stdout + result.stderr
    print(output or "lintian: no tags")
    errors = [line for line in output.splitlines() if line.startswith("E:")]
    require(not errors, "lintian reports errors:\n" + "\n".join(errors))
    require(result.returncode == 0, f"lintian exited with {result.returncode}")


def main(argv):
    commands = {
        "install-layout": install_layout,
        "validate-desktop": validate_desktop,
        "validate-metainfo": validate_metainfo,
        "deb-build": deb_build,
        "deb-contents": deb_contents,
        "deb-lintian": deb_lintian,
        "deb-clean": lambda out_dir: shutil.rmtree(out_dir, ignore_errors=True),
    }
    if len(argv) < 2 or argv[1] not in commands:
        print(__doc__, file=sys.stderr)
        return 2
    try:
        commands[argv[1]](*argv[2:])
    except CheckFailed as failure:
        print(f"FAIL: {failure}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
