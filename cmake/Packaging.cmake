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
# What Qt loads at run time, which dpkg-shlibdeps cannot see in the binaries: the xcb platform
# plugin (windows on X11) and the SVG icon engine (the window icons, and the icons desktops show
# for the .desktop files). Which package holds each differs between releases (the SVG engine is
# in libqt6svg6 on Debian 12, in qt6-svg-plugins on Debian 13), so dpkg on the machine that
# builds the .deb is asked; tests/package checks that an installed package draws its icons.
set(TCP_ECHO_QT_PLUGIN_DIR "${QT6_INSTALL_PREFIX}/${QT6_INSTALL_PLUGINS}")
set(TCP_ECHO_RUNTIME_PLUGINS platforms/libqxcb.so iconengines/libqsvgicon.so)
find_program(TCP_ECHO_DPKG_QUERY dpkg-query)

# The installed package that holds a file, or "" (no dpkg, or no package holds it).
function(tcp_echo_package_of path out_var)
    set(owner "")
    if(TCP_ECHO_DPKG_QUERY AND EXISTS "${path}")
        execute_process(COMMAND ${TCP_ECHO_DPKG_QUERY} --search "${path}"
            OUTPUT_VARIABLE owner ERROR_QUIET)
        # "package:arch: path"; a path several packages share reads "a, b: path".
        string(REGEX MATCH "^[^:, ]+" owner "${owner}")
    endif()
    set(${out_var} "${owner}" PARENT_SCOPE)
endfunction()

# The packages of the Qt libraries the programs link: dpkg-shlibdeps names those, with versions.
set(linked_packages "")
foreach(library Core Gui Network Widgets)
    get_target_property(configurations Qt6::${library} IMPORTED_CONFIGURATIONS)
    list(GET configurations 0 configuration)
    get_target_property(location Qt6::${library} IMPORTED_LOCATION_${configuration})
    tcp_echo_package_of("${location}" owner)
    list(APPEND linked_packages ${owner})
endforeach()

set(runtime_depends "")
foreach(plugin IN LISTS TCP_ECHO_RUNTIME_PLUGINS)
    set(path "${TCP_ECHO_QT_PLUGIN_DIR}/${plugin}")
    tcp_echo_package_of("${path}" owner)
    if(NOT owner)
        message(WARNING "No installed package holds Qt's ${plugin} (${path}): the .deb will not "
            "depend on it. scripts/bootstrap.sh installs it on Debian and Ubuntu.")
    elseif(NOT owner IN_LIST linked_packages)
        list(APPEND runtime_depends ${owner})
    endif()
endforeach()
list(REMOVE_DUPLICATES runtime_depends)
list(JOIN runtime_depends ", " CPACK_DEBIAN_PACKAGE_DEPENDS)
# Qt's own French strings for its standard buttons and dialogs (qt6-translations-l10n) are only
# recommended: the programs run without them, in English there.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "qt6-translations-l10n")

# `cpack --config CPackSourceConfig.cmake`: the sources only, without build trees or Git (a
# directory in a clone, a file in a worktree). Regular expressions, escaped twice: CPack writes
# them into CPackConfig.cmake, which it reads back as CMake code.
set(CPACK_SOURCE_GENERATOR TGZ)
set(CPACK_SOURCE_IGNORE_FILES "/\\\\.git(/|$)" "/build[^/]*/" "/\\\\.cache/")

include(CPack)
