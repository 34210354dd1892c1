# The floors of the code (docs/ARCHITECTURE.md, "Floors"): each folder below is one static
# library (the windows' folders also hold their executables), and each may use only the floors
# named after USES and the Qt modules named after QT. Arrows point down only: the two engines
# never use each other, a window never uses the other program's engine, and nothing below the
# windows but common/gui uses Qt Gui or Widgets (the headless server runs without them).
#
# Three checks hold the floors, each catching what the others can't:
# - include directories: each library exposes only its own folder, so `#include "echoserver.h"`
#   does not even compile in code that does not link the server's engine;
# - links (below): at the end of configuration every target defined in a floor's folder has its
#   links walked, through the project's own libraries, and configuration stops at the first
#   forbidden one, naming the path to it;
# - includes (tests/floors): every #include line of every floor is matched with the floor its
#   header lives in, which also catches what neither of the above sees: a header reached by a
#   path ("../server/echoserver.h", <QtGui/QColor> through Qt's include root) and header-only
#   use, which links nothing.

set(TCP_ECHO_FLOORS)

# tcp_echo_floor(<folder> [USES <folders>...] QT <Qt modules>...)
function(tcp_echo_floor folder)
    cmake_parse_arguments(ARG "" "" "USES;QT" ${ARGN})
    set(TCP_ECHO_FLOORS ${TCP_ECHO_FLOORS} ${folder} PARENT_SCOPE)
    set(TCP_ECHO_FLOOR_USES_${folder} ${ARG_USES} PARENT_SCOPE)
    set(TCP_ECHO_FLOOR_QT_${folder} ${ARG_QT} PARENT_SCOPE)
endfunction()

tcp_echo_floor(common                                                   QT Core Network)
tcp_echo_floor(common/cli     USES common                              QT Core Network)
tcp_echo_floor(common/server  USES common common/cli                   QT Core Network)
tcp_echo_floor(common/client  USES common common/cli                   QT Core Network)
tcp_echo_floor(common/gui     USES common                              QT Core Gui Widgets)
tcp_echo_floor(server_gui     USES common common/cli common/server common/gui
                              QT Core Network Gui Widgets Svg)
tcp_echo_floor(client_gui     USES common common/cli common/client common/gui
                              QT Core Network Gui Widgets Svg)

# The floor a folder of the source tree belongs to (the deepest floor folder that holds it), or
# an empty string.
function(tcp_echo_floor_of directory out)
    file(RELATIVE_PATH relative ${PROJECT_SOURCE_DIR} ${directory})
    set(found "")
    foreach(floor IN LISTS TCP_ECHO_FLOORS)
        string(LENGTH "${floor}" length)
        string(LENGTH "${found}" found_length)
        if((relative STREQUAL floor OR relative MATCHES "^${floor}/") AND length GREATER found_length)
            set(found ${floor})
        endif()
    endforeach()
    set(${out} "${found}" PARENT_SCOPE)
endfunction()

# What a target links, plain names only: $<LINK_ONLY:x> is x; other generator expressions and
# CMake's own directory markers (::@…) are left out.
function(tcp_echo_links_of target out)
    set(links)
    foreach(property LINK_LIBRARIES INTERFACE_LINK_LIBRARIES)
        get_target_property(items ${target} ${property})
        if(NOT items)
            continue()
        endif()
        foreach(item IN LISTS items)
            string(REGEX REPLACE "^\\$<LINK_ONLY:(.*)>$" "\\1" item "${item}")
            if(NOT item MATCHES "^::@" AND NOT item MATCHES "\\$<")
                list(APPEND links ${item})
            endif()
        endforeach()
    endforeach()
    list(REMOVE_DUPLICATES links)
    set(${out} ${links} PARENT_SCOPE)
endfunction()

# Fails configuration when `target` of floor `floor` reaches (directly or through the project's
# own libraries) a library of a floor it may not use, or a Qt module it may not use.
function(tcp_echo_check_floor_of target floor)
    set(allowed ${floor} ${TCP_ECHO_FLOOR_USES_${floor}})
    set(queue ${target})
    set(seen ${target})
    set(path_${target} ${target})
    while(queue)
        list(POP_FRONT queue current)
        tcp_echo_links_of(${current} links)
        foreach(link IN LISTS links)
            set(path "${path_${current}} -> ${link}")
            # Qt6::Platform is not a module: the compiler settings every Qt target carries.
            if(link MATCHES "^Qt6?::(.+)$")
                if(NOT CMAKE_MATCH_1 IN_LIST TCP_ECHO_FLOOR_QT_${floor}
                        AND NOT CMAKE_MATCH_1 STREQUAL "Platform")
                    string(REPLACE ";" ", " modules "${TCP_ECHO_FLOOR_QT_${floor}}")
                    message(FATAL_ERROR "Floors: ${target} (${floor}/) links Qt ${CMAKE_MATCH_1} "
                        "(${path}); ${floor}/ may use Qt ${modules} only. "
                        "See docs/ARCHITECTURE.md, Floors, and cmake/Floors.cmake.")
                endif()
                continue()
            endif()
            if(NOT TARGET ${link} OR link IN_LIST seen)
                continue()
            endif()
            get_target_property(imported ${link} IMPORTED)
            if(imported)
                continue()
            endif()
            get_target_property(directory ${link} SOURCE_DIR)
            tcp_echo_floor_of(${directory} link_floor)
            if(link_floor AND NOT link_floor IN_LIST allowed)
                string(REPLACE ";" ", " uses "${TCP_ECHO_FLOOR_USES_${floor}}")
                message(FATAL_ERROR "Floors: ${target} (${floor}/) links ${link} "
                    "(${link_floor}/) through ${path}; ${floor}/ may use ${uses} only. "
                    "See docs/ARCHITECTURE.md, Floors, and cmake/Floors.cmake.")
            endif()
            list(APPEND seen ${link})
            list(APPEND queue ${link})
            set(path_${link} "${path}")
        endforeach()
    endwhile()
endfunction()

# Every library and executable defined in a floor's folder, checked once configuration is done
# (deferred, so that links added anywhere later are seen too).
function(tcp_echo_check_floors)
    foreach(floor IN LISTS TCP_ECHO_FLOORS)
        get_property(targets DIRECTORY ${PROJECT_SOURCE_DIR}/${floor} PROPERTY BUILDSYSTEM_TARGETS)
        foreach(target IN LISTS targets)
            get_target_property(type ${target} TYPE)
            if(type MATCHES "LIBRARY$|^EXECUTABLE$")
                tcp_echo_check_floor_of(${target} ${floor})
            endif()
        endforeach()
    endforeach()
endfunction()
cmake_language(DEFER DIRECTORY ${PROJECT_SOURCE_DIR} CALL tcp_echo_check_floors)
