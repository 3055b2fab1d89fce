# Compile settings shared by every Aftermath target, in one INTERFACE target.
add_library(aftermath_settings INTERFACE)
add_library(aftermath::settings ALIAS aftermath_settings)

target_compile_features(aftermath_settings INTERFACE cxx_std_23)
target_compile_options(aftermath_settings INTERFACE -Wall -Wextra -Wpedantic)
target_compile_definitions(aftermath_settings INTERFACE
    QT_NO_CAST_FROM_ASCII
    QT_USE_QSTRINGBUILDER
    QT_NO_KEYWORDS
    QT_NO_URL_CAST_FROM_STRING
    QT_DISABLE_DEPRECATED_UP_TO=0x060400
    AFTERMATH_VERSION="${PROJECT_VERSION}")

if(AFTERMATH_WERROR)
    target_compile_options(aftermath_settings INTERFACE -Werror)
endif()

if(AFTERMATH_SANITIZE)
    target_compile_options(aftermath_settings INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer)
    target_link_options(aftermath_settings INTERFACE -fsanitize=address,undefined)
endif()

# core/* libraries: Qt Core/Sql/Concurrent only. Widgets/Gui headers are not on their include
# path, so `#include <QWidget>` in core fails to compile (tests/layering checks it).
function(aftermath_core_library name)
    cmake_parse_arguments(ARG "" "" "SOURCES;PUBLIC_LIBS;PRIVATE_LIBS" ${ARGN})
    add_library(aftermath_${name} STATIC ${ARG_SOURCES})
    add_library(aftermath::${name} ALIAS aftermath_${name})
    target_include_directories(aftermath_${name} PUBLIC
        $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/core>)
    target_link_libraries(aftermath_${name}
        PUBLIC ${ARG_PUBLIC_LIBS}
        PRIVATE aftermath::settings ${ARG_PRIVATE_LIBS})
    foreach(lib IN LISTS ARG_PUBLIC_LIBS ARG_PRIVATE_LIBS)
        if(lib MATCHES "^Qt6::(Gui|Widgets)$")
            message(FATAL_ERROR "core/${name} may not link ${lib}: core is UI-free")
        endif()
    endforeach()
endfunction()
