# Sourced by scripts/run and scripts/test: installs whatever is missing, from Debian's or
# Ubuntu's own packages, through sudo when not root. Proven from nothing on Debian 12 (Qt 6.4)
# and Debian 13 (Qt 6.8) by scripts/fresh-root; Ubuntu 24.04 shares Debian 13's package names.
# A name ending in "?" is a package only some releases have: installed where the release has it.

# Build and run: compiler, CMake + Ninja, Qt 6 (Core, Network, Widgets, Test), Qt's platform
# plugins (xcb is in libqt6gui6; qt6-qpa-plugins adds the others), a font so text renders even
# on a bare system, and Symbola, which draws the control pictures (␀ ␉ ␍ …) that show control
# bytes: most desktop fonts lack them.
TCP_ECHO_BUILD_PACKAGES=(
    g++ cmake ninja-build pkg-config
    qt6-base-dev qt6-base-dev-tools libgl-dev qt6-qpa-plugins
    fonts-dejavu-core fonts-symbola
    # Qt SVG, for the window icons: Debian 12 has the icon engine and image plugins in
    # libqt6svg6, Debian 13 moved them to qt6-svg-plugins.
    libqt6svg6 qt6-svg-plugins?
    # The translations: qt_add_translations (qt6-tools-dev) with lupdate and lrelease
    # (qt6-l10n-tools); Qt's own French for its dialogs' buttons and --help (the programs do
    # without it).
    qt6-tools-dev qt6-l10n-tools qt6-translations-l10n
)
# Tests: Python, netcat and socat drive the real executables as foreign clients; clang-format 19
# checks the style (the one version the style is defined by: tests/style/CMakeLists.txt says
# why); a D-Bus session bus (dbus-daemon), Xvfb, openbox (title bars with close buttons),
# xdotool, the X utilities, xmodmap (keys for é and €, which the US keymap lacks) and ImageMagick
# (screenshots) run the real-window test. The package checks: desktop-file-utils and appstream
# validate the .desktop files and the metainfo, dpkg-dev gives CPack dpkg-shlibdeps (the .deb's
# library dependencies), file checks the binaries are stripped, and lintian checks the .deb as
# Debian would.
TCP_ECHO_TEST_PACKAGES=(python3 clang-format-19 netcat-openbsd socat
    dbus-daemon xvfb openbox xdotool x11-utils x11-xserver-utils imagemagick
    desktop-file-utils appstream dpkg-dev file lintian)

tcp_echo_installed() {
    dpkg-query -W -f='${Status}\n' "$1" 2>/dev/null | grep -q '^install ok installed$'
}

# The packages not installed yet; a "name?" only where apt knows it (this release has it).
tcp_echo_missing_packages() {
    local package
    for package in "$@"; do
        if [[ $package == *\? ]]; then
            package=${package%\?}
            tcp_echo_installed "$package" && continue
            apt-cache show --no-all-versions "$package" >/dev/null 2>&1 && echo "$package"
        else
            tcp_echo_installed "$package" || echo "$package"
        fi
    done
}

tcp_echo_install() {
    local missing
    mapfile -t missing < <(tcp_echo_missing_packages "$@")
    [ "${#missing[@]}" -eq 0 ] && return 0
    if ! command -v apt-get >/dev/null; then
        echo "tcp-echo: please install these packages: ${missing[*]}" >&2
        return 1
    fi
    local sudo=()
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null || {
            echo "tcp-echo: need root (or sudo) to install: ${missing[*]}" >&2
            return 1
        }
        sudo=(sudo)
    fi
    export DEBIAN_FRONTEND=noninteractive
    "${sudo[@]}" apt-get update -q || return 1
    # Again after the update: it may have made known a package only some releases have.
    mapfile -t missing < <(tcp_echo_missing_packages "$@")
    echo "tcp-echo: installing ${missing[*]}"
    "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
}

# Configure (once) and build with the preset named in $1 (default: "default").
tcp_echo_build() {
    local preset=${1:-default}
    cmake --preset "$preset" >/dev/null && cmake --build --preset "$preset"
}
