# Every dependency comes from a Debian 12 package; a missing one stops configuration with the
# package to install (packaging/debian-packages.txt lists them all, ./dev.sh installs them).

macro(aftermath_require found_var what package)
    if(NOT ${found_var})
        message(FATAL_ERROR
            "Aftermath needs ${what}, which was not found.\n"
            "Install it with: sudo apt-get install ${package}\n"
            "(./dev.sh installs every missing package before building.)")
    endif()
endmacro()

find_package(Qt6 6.4 QUIET COMPONENTS Core Gui Widgets Sql Concurrent Test)
aftermath_require(Qt6_FOUND "Qt 6.4 (Core, Gui, Widgets, Sql, Concurrent, Test)" "qt6-base-dev")

find_package(SQLite3 QUIET)
aftermath_require(SQLite3_FOUND "the SQLite 3 library and headers" "libsqlite3-dev")

find_package(LibArchive QUIET)
aftermath_require(LibArchive_FOUND "libarchive" "libarchive-dev")

find_package(PkgConfig QUIET)
aftermath_require(PKG_CONFIG_FOUND "pkg-config" "pkg-config")
pkg_check_modules(CMARKGFM QUIET IMPORTED_TARGET libcmark-gfm)
aftermath_require(CMARKGFM_FOUND "cmark-gfm" "libcmark-gfm-dev")
find_library(CMARKGFM_EXTENSIONS_LIBRARY cmark-gfm-extensions)
aftermath_require(CMARKGFM_EXTENSIONS_LIBRARY "the cmark-gfm extensions library" "libcmark-gfm-extensions-dev")

# Event blocks are LZ4-compressed in the store (core/store/eventblock.h).
pkg_check_modules(LZ4 QUIET IMPORTED_TARGET liblz4)
aftermath_require(LZ4_FOUND "LZ4" "liblz4-dev")

# A server store's bulk insert of event blocks is COPY, through libpq on the QPSQL driver's own
# connection (core/store/serverevidence.cpp).
pkg_check_modules(LIBPQ QUIET IMPORTED_TARGET libpq)
aftermath_require(LIBPQ_FOUND "libpq, PostgreSQL's client library and headers" "libpq-dev")

find_path(MUSTACHE_INCLUDE_DIR kainjow/mustache.hpp)
aftermath_require(MUSTACHE_INCLUDE_DIR "kainjow mustache" "libkainjow-mustache-dev")

if(AFTERMATH_BUILD_TESTS)
    find_package(Catch2 2 QUIET)
    aftermath_require(Catch2_FOUND "Catch2 2.x" "catch2")
endif()

# The QSQLITE driver is a runtime plugin (no CMake package); without it every store fails to open.
get_filename_component(_aftermath_qt_libdir "${Qt6Core_DIR}/../.." ABSOLUTE)
find_file(AFTERMATH_QSQLITE_PLUGIN libqsqlite.so
    PATHS "${_aftermath_qt_libdir}/qt6/plugins/sqldrivers" "${_aftermath_qt_libdir}/../qt6/plugins/sqldrivers"
    NO_DEFAULT_PATH)
aftermath_require(AFTERMATH_QSQLITE_PLUGIN "Qt's SQLite driver plugin" "libqt6sql6-sqlite")
