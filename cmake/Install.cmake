# What `cmake --install` puts where; CPack packs exactly this (cmake/Packaging.cmake).
include(GNUInstallDirs)

# The application id, chosen once: the reverse-DNS name of the project's home (a placeholder
# for now, like PROJECT_HOMEPAGE_URL). The AppStream component is named after it, each program's
# .desktop file and icon after it plus .server or .client; desktops and software centres match
# them by these names, so they must all agree and, once released, never change.
set(TCP_ECHO_APP_ID invalid.example.tcpecho)
# Named in the .deb, the Debian changelog and copyright; the address is a placeholder too.
set(TCP_ECHO_MAINTAINER "tcp-echo developers <tcp-echo@example.invalid>")

install(TARGETS tcp-echo-server tcp-echo-client RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
foreach(program server client)
    # What each program names as its .desktop file (QGuiApplication::desktopFileName).
    target_compile_definitions(tcp-echo-${program} PRIVATE
        TCP_ECHO_DESKTOP_FILE_NAME="${TCP_ECHO_APP_ID}.${program}")
endforeach()

# Tomohiko Sakamoto's day of the week, for the RFC 5322 date a Debian changelog wants; CMake can
# only format the current time, and the release date must not depend on when we build.
function(tcp_echo_rfc5322_date iso_date out_var)
    string(REGEX MATCH "^([0-9][0-9][0-9][0-9])-([0-9][0-9])-([0-9][0-9])$" _ "${iso_date}")
    if(NOT CMAKE_MATCH_0)
        message(FATAL_ERROR "TCP_ECHO_RELEASE_DATE must be YYYY-MM-DD, not '${iso_date}'")
    endif()
    math(EXPR year "${CMAKE_MATCH_1}")
    math(EXPR month "${CMAKE_MATCH_2}")
    math(EXPR day "${CMAKE_MATCH_3}")
    set(month_offsets 0 3 2 5 0 3 5 1 4 6 2 4)
    math(EXPR month_index "${month} - 1")
    list(GET month_offsets ${month_index} offset)
    if(month LESS 3)
        math(EXPR year "${year} - 1")
    endif()
    math(EXPR weekday
        "(${year} + ${year} / 4 - ${year} / 100 + ${year} / 400 + ${offset} + ${day}) % 7")
    set(weekdays Sun Mon Tue Wed Thu Fri Sat)
    set(months Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec)
    list(GET weekdays ${weekday} weekday_name)
    list(GET months ${month_index} month_name)
    set(${out_var} "${weekday_name}, ${CMAKE_MATCH_3} ${month_name} ${CMAKE_MATCH_1} 12:00:00 +0000"
        PARENT_SCOPE)
endfunction()

# Compressed the way Debian wants documentation (-n: no name or time stamp, so builds repeat).
find_program(TCP_ECHO_GZIP gzip REQUIRED)
function(tcp_echo_gzip file)
    execute_process(COMMAND ${TCP_ECHO_GZIP} -9n --force --keep ${file} COMMAND_ERROR_IS_FATAL ANY)
endfunction()

set(resources ${PROJECT_SOURCE_DIR}/resources)
set(generated ${PROJECT_BINARY_DIR}/install)

foreach(program server client)
    install(FILES ${resources}/${TCP_ECHO_APP_ID}.${program}.desktop
        DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
    # The source keeps the program's name (the windows embed it); installed, it takes the id.
    install(FILES ${resources}/icons/tcp-echo-${program}.svg
        DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps
        RENAME ${TCP_ECHO_APP_ID}.${program}.svg)
    configure_file(${resources}/man/tcp-echo-${program}.1.in
        ${generated}/tcp-echo-${program}.1 @ONLY)
    tcp_echo_gzip(${generated}/tcp-echo-${program}.1)
    install(FILES ${generated}/tcp-echo-${program}.1.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
endforeach()

configure_file(${resources}/${TCP_ECHO_APP_ID}.metainfo.xml.in
    ${generated}/${TCP_ECHO_APP_ID}.metainfo.xml @ONLY)
install(FILES ${generated}/${TCP_ECHO_APP_ID}.metainfo.xml
    DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo)

# share/doc/tcp-echo: the licence as a machine-readable Debian copyright file (Debian calls MIT
# "Expat"), the changelog and the README.
file(STRINGS ${PROJECT_SOURCE_DIR}/LICENSE license_lines)
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/LICENSE)
set(TCP_ECHO_COPYRIGHT "")
set(TCP_ECHO_LICENSE_TEXT "")
foreach(line IN LISTS license_lines)
    if(line MATCHES "^Copyright \\([cC]\\) (.+)$")
        set(TCP_ECHO_COPYRIGHT "${CMAKE_MATCH_1}")
    elseif(TCP_ECHO_COPYRIGHT AND line STREQUAL "")
        string(APPEND TCP_ECHO_LICENSE_TEXT " .\n")
    elseif(TCP_ECHO_COPYRIGHT)
        string(APPEND TCP_ECHO_LICENSE_TEXT " ${line}\n")
    endif()
endforeach()
if(NOT TCP_ECHO_COPYRIGHT)
    message(FATAL_ERROR "LICENSE has no 'Copyright (c) ...' line for the Debian copyright file")
endif()
# Drop the blank line between the copyright line and the text.
string(REGEX REPLACE "^ \\.\n" "" TCP_ECHO_LICENSE_TEXT "${TCP_ECHO_LICENSE_TEXT}")
string(STRIP "${TCP_ECHO_LICENSE_TEXT}" TCP_ECHO_LICENSE_TEXT)
configure_file(${resources}/debian/copyright.in ${generated}/copyright @ONLY)

tcp_echo_rfc5322_date(${TCP_ECHO_RELEASE_DATE} TCP_ECHO_RELEASE_DATE_RFC5322)
configure_file(${resources}/debian/changelog.in ${generated}/changelog @ONLY)
tcp_echo_gzip(${generated}/changelog)

install(FILES ${generated}/copyright ${generated}/changelog.gz ${PROJECT_SOURCE_DIR}/README.md
    DESTINATION ${CMAKE_INSTALL_DOCDIR})
