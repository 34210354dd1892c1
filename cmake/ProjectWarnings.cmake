# Strict settings for the project's own targets only (Qt's headers are system headers).
function(tcp_echo_strict target)
    target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Werror)
    target_compile_definitions(${target} PRIVATE
        QT_NO_CAST_TO_ASCII
        QT_NO_CAST_FROM_BYTEARRAY
        QT_NO_URL_CAST_FROM_STRING
        QT_NO_NARROWING_CONVERSIONS_IN_CONNECT
        QT_USE_QSTRINGBUILDER
        TCP_ECHO_VERSION="${PROJECT_VERSION}"
        TCP_ECHO_HOMEPAGE_URL="${PROJECT_HOMEPAGE_URL}")
endfunction()
