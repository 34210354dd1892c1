# `cpack -G DEB` in a build directory makes tcp-echo_<version>_<arch>.deb from the install rules
# (cmake/Install.cmake).
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME ${PROJECT_NAME})
set(CPACK_PACKAGE_VENDOR "tcp-echo developers")
set(CPACK_PACKAGE_CONTACT "${TCP_ECHO_MAINTAINER}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
# Lines as the .deb shows them (Debian wants them under 80 columns; CPack does not wrap).
set(CPACK_PACKAGE_DESCRIPTION
    "A TCP echo server window and a TCP echo client window, for seeing how sockets
behave and for testing anything that speaks TCP.

tcp-echo-server listens on a port, sends every byte back to the client that
sent it, lists the connected clients with live counters and logs each socket
step. With --headless it runs without a window.

tcp-echo-client connects to a server and sends what is typed, key by key, line
by line or as hex bytes, or whole files; it shows what was sent and what came
back, checks the echo and measures round-trip times.")
# Debian binaries have no debug information; RelWithDebInfo builds do.
set(CPACK_STRIP_FILES ON)

set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "${PROJECT_HOMEPAGE_URL}")
# The libraries the programs link come from dpkg-shlibdeps; the architecture from dpkg.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# What Qt loads at run time, which dpkg-shlibdeps cannot see: the SVG icon engine plugin that
# draws the window icons (libqt6svg6), and Qt's own French strings for its standard buttons and
# dialogs (qt6-translations-l10n; only recommended: the programs run without it, in English
# there). The xcb platform plugin needs no entry: on Debian 12 it is part of libqt6gui6, which
# dpkg-shlibdeps finds (qt6-qpa-plugins holds only the VNC and TUIO plugins).
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libqt6svg6")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "qt6-translations-l10n")

# `cpack --config CPackSourceConfig.cmake`: the sources only, without build trees or Git.
set(CPACK_SOURCE_GENERATOR TGZ)
set(CPACK_SOURCE_IGNORE_FILES "/\\.git/" "/build[^/]*/" "/\\.cache/")

include(CPack)
