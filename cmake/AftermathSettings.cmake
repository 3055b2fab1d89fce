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

# libstdc++ 12 offers std::expected only when __cpp_concepts >= 202002L, as a stand-in for
# conditionally trivial special members (P0848). Clang has those from 16 on but reports 201907L
# (its concepts are otherwise incomplete), so the macro is set here; clang 15 and older cannot
# compile <expected> at all.
if(CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    if(CMAKE_CXX_COMPILER_VERSION VERSION_LESS 16)
        message(FATAL_ERROR "Aftermath needs clang 16 or newer (libstdc++'s std::expected needs P0848); "
            "install it with: sudo apt-get install clang-16")
    endif()
    target_compile_options(aftermath_settings INTERFACE -U__cpp_concepts -D__cpp_concepts=202002L)
endif()

# Fuzzing (tests/fuzz, docs/fuzzing.md): every library gets libFuzzer's coverage instrumentation
# and the sanitizers; the fuzz executables add libFuzzer's main (and stop at the first undefined
# behaviour through their built-in UBSAN_OPTIONS, which also name the known, suppressed findings).
if(AFTERMATH_FUZZ)
    if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
        message(FATAL_ERROR "AFTERMATH_FUZZ needs clang (use the fuzz preset: cmake --preset fuzz)")
    endif()
    target_compile_options(aftermath_settings INTERFACE
        -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer)
    target_link_options(aftermath_settings INTERFACE -fsanitize=address,undefined)
endif()

# Which core libraries each core library may link: the layers of docs/architecture.md. An arrow
# that is not here must never exist (the store below ingest, timeline, draft or report; anything
# of core above workspace); adding one fails the configure step, and tests/layering checks that
# the headers behind the missing arrows cannot be included either.
set(AFTERMATH_LAYER_model "")
set(AFTERMATH_LAYER_store model)
set(AFTERMATH_LAYER_ingest model)
set(AFTERMATH_LAYER_timeline model)
set(AFTERMATH_LAYER_draft model timeline)
set(AFTERMATH_LAYER_report model timeline)
set(AFTERMATH_LAYER_workspace model store store_backend ingest timeline draft report)

# core/* libraries: Qt Core/Sql/Concurrent only. Widgets/Gui headers are not on their include
# path, so `#include <QWidget>` in core fails to compile (tests/layering checks it).
function(aftermath_core_library name)
    cmake_parse_arguments(ARG "" "" "SOURCES;PUBLIC_LIBS;PRIVATE_LIBS" ${ARGN})
    foreach(lib IN LISTS ARG_PUBLIC_LIBS ARG_PRIVATE_LIBS)
        if(lib MATCHES "^aftermath::(.+)$" AND DEFINED AFTERMATH_LAYER_${name})
            if(NOT CMAKE_MATCH_1 IN_LIST AFTERMATH_LAYER_${name})
                message(FATAL_ERROR "core/${name} may not link ${lib}: that arrow must never exist "
                    "(docs/architecture.md, \"Arrows that must never exist\")")
            endif()
        endif()
    endforeach()
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
