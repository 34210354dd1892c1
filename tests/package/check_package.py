#!/usr/bin/env python3
"""Checks what `cmake --install` and the .deb deliver, the way a user and Debian's tools see them.

    check_package.py install-layout BUILD_DIR VERSION APP_ID
    check_package.py validate-desktop FILE
    check_package.py validate-metainfo FILE
    check_package.py deb-build BUILD_DIR OUT_DIR
    check_package.py deb-contents OUT_DIR VERSION APP_ID
    check_package.py deb-icons OUT_DIR APP_ID QT_PLUGIN_DIR ICON_PROBE PLUGIN...
    check_package.py deb-lintian OUT_DIR
    check_package.py deb-clean OUT_DIR

Each prints what it checked and exits 1 with the reason on the first failure. The programs are
installed or unpacked from a build that must already be complete (ctest builds nothing). No check
knows a release's package names: each asks dpkg which installed package holds what the programs
need, so the same checks hold on Debian 12, Debian 13 (libqt6core6t64, qt6-svg-plugins) and on.
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


def relation_names(field):
    """The package names in a Depends-like field, each group's alternatives as a list."""
    groups = []
    for group in field.split(","):
        names = [alternative.split()[0].split(":")[0] for alternative in group.split("|")
                 if alternative.strip()]
        if names:
            groups.append(names)
    return groups


def owning_package(path):
    """The installed package holding a file, or None. Debian 12's packages name /lib paths, Debian
    13's /usr/lib ones (the merged /usr), so both spellings are asked."""
    candidates = [path, os.path.realpath(path)]
    for candidate in list(candidates):
        if candidate.startswith("/usr/lib/"):
            candidates.append(candidate[len("/usr"):])
        elif candidate.startswith("/lib/"):
            candidates.append("/usr" + candidate)
    for candidate in dict.fromkeys(candidates):
        result = subprocess.run(["dpkg-query", "--search", candidate], capture_output=True,
                                text=True, timeout=60)
        if result.returncode == 0:
            return result.stdout.split(":")[0].split(",")[0].strip()
    return None


def needed_libraries(executable):
    """The paths of the shared libraries the executable names (NEEDED), as the loader finds
    them."""
    objdump = tool("objdump", "binutils")
    needed = [line.split()[1] for line in run([objdump, "-p", executable]).splitlines()
              if line.split()[:1] == ["NEEDED"]]
    found = {}
    for line in run([tool("ldd", "libc-bin"), executable]).splitlines():
        parts = line.split()
        if len(parts) >= 3 and parts[1] == "=>":
            found[parts[0]] = parts[2]
        elif parts and parts[0].startswith("/"):  # the dynamic loader: "/lib64/ld-linux… (0x…)"
            found[os.path.basename(parts[0])] = parts[0]
    missing = [name for name in needed if name not in found]
    require(not missing, f"{executable}: the loader does not find {missing}")
    return [found[name] for name in needed]


def deb_contents(out_dir, version, app_id):
    dpkg_deb = tool("dpkg-deb", "dpkg")
    deb = deb_path(out_dir)
    depends = run([dpkg_deb, "--field", deb, "Depends"]).strip()
    print(f"Depends: {depends}")
    names = {name for group in relation_names(depends) for name in group}
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
            # Every library the program links comes from a package the .deb depends on.
            for library in needed_libraries(executable):
                package = owning_package(library)
                require(package, f"no installed package holds {library}")
                require(package in names,
                        f"tcp-echo-{program} links {library} from {package}, which Depends "
                        f"lacks: {depends}")
                print(f"ok: tcp-echo-{program} links {library}, from {package} (in Depends)")


def installed_packages():
    """Each installed package, and each name one Provides, -> its relation groups; and the names
    of the installed packages themselves."""
    output = run(["dpkg-query", "--show", "--showformat",
                  "${Package}\t${db:Status-Abbrev}\t${Provides}\t${Pre-Depends}, ${Depends}\n"])
    relations, real = {}, set()
    for line in output.splitlines():
        name, status, provides, depends = line.split("\t")
        if not status.startswith("ii"):
            continue
        real.add(name)
        relations.setdefault(name, []).extend(relation_names(depends))
        for group in relation_names(provides):
            relations.setdefault(group[0], []).append([name])
    return relations, real


def dependency_closure(depends):
    """The installed packages that installing a package with this Depends field pulls in."""
    relations, real = installed_packages()
    closure, pending = set(), relation_names(depends)
    while pending:
        group = pending.pop()
        chosen = next((name for name in group if name in relations), None)
        require(chosen, f"none of {' | '.join(group)} is installed here: cannot follow it")
        if chosen not in closure:
            closure.add(chosen)
            pending.extend(relations[chosen])
    return sorted(closure & real)


def deb_icons(out_dir, app_id, plugin_dir, probe, *runtime_plugins):
    """An installed .deb draws its icons: with only the Qt plugins that the packages it depends
    on (and theirs, and so on) install, Qt draws the SVG icons the .deb installs the way the
    programs draw their window icons, and X11 windows have their platform plugin."""
    deb = deb_path(out_dir)
    depends = run([tool("dpkg-deb", "dpkg"), "--field", deb, "Depends"]).strip()
    closure = dependency_closure(depends)
    listed = run(["dpkg-query", "--listfiles", *closure]).splitlines()
    prefix = plugin_dir.rstrip("/") + "/"
    plugins = sorted({path[len(prefix):] for path in listed
                      if path.startswith(prefix) and path.endswith(".so")})
    print(f"The .deb's dependencies install {len(closure)} packages, with Qt's plugins "
          f"{', '.join(plugins) or '(none)'}")
    for plugin in runtime_plugins:
        require(plugin in plugins, f"no package the .deb pulls in installs Qt's {plugin} "
                f"(Depends: {depends})")
    with tempfile.TemporaryDirectory(prefix="tcp-echo-icons-") as work:
        root = os.path.join(work, "root")
        run(["dpkg", "-x", deb, root])
        # Qt looks for plugins only where qt.conf beside the probe says: those plugins alone, and
        # the offscreen platform the probe itself runs on (no display here).
        plugin_copy = os.path.join(work, "plugins")
        for plugin in plugins + ["platforms/libqoffscreen.so"]:
            os.makedirs(os.path.join(plugin_copy, os.path.dirname(plugin)), exist_ok=True)
            link = os.path.join(plugin_copy, plugin)
            if not os.path.lexists(link):
                os.symlink(os.path.join(plugin_dir, plugin), link)
        probe_dir = os.path.join(work, "bin")
        os.makedirs(probe_dir)
        shutil.copy2(probe, probe_dir)
        with open(os.path.join(probe_dir, "qt.conf"), "w", encoding="utf-8") as conf:
            conf.write(f"[Paths]\nPlugins = {plugin_copy}\n")
        env = {k: v for k, v in os.environ.items()
               if not k.startswith("QT_") and k not in ("DISPLAY", "WAYLAND_DISPLAY")}
        env["QT_QPA_PLATFORM"] = "offscreen"
        icons = [os.path.join(root, "usr", "share", "icons", "hicolor", "scalable", "apps",
                              f"{app_id}.{program}.svg") for program in PROGRAMS]
        result = subprocess.run([os.path.join(probe_dir, os.path.basename(probe)), *icons],
                                capture_output=True, text=True, timeout=60, env=env)
        print(result.stdout + result.stderr)
        require(result.returncode == 0, "an installed .deb does not draw its icons")


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
        "deb-icons": deb_icons,
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
