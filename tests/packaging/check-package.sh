#!/bin/sh
# The Debian package, checked from the outside (tests/packaging/CMakeLists.txt runs each step).
#   check-package.sh build CPACK BUILD_DIR OUT       cpack -G DEB the build's programs into OUT,
#                                                    and unpack the .deb with dpkg -x into OUT/root
#   check-package.sh run OUT VERSION                 the unpacked programs: --version, and demo
#                                                    reading the unpacked templates, rules, example
#   check-package.sh lintian OUT                     lintian: no errors (warnings are printed)
#   check-package.sh mime OUT                        the MIME type names a store, not any SQLite file
set -eu

fail() { echo "FAIL: $*" >&2; exit 1; }
deb_of() { ls "$1"/aftermath_*.deb 2>/dev/null | head -n 1; }

step=$1
shift
case "$step" in
build)
    cpack=$1 build=$2 out=$3
    rm -rf "$out"
    mkdir -p "$out"
    # The build's own programs (in the ci preset, a debug build that CPack strips): the layout,
    # lookup and metadata are what is checked, and a build of its own would take many minutes.
    "$cpack" -G DEB --config "$build/CPackConfig.cmake" -B "$out" >"$out/cpack.log" 2>&1 ||
        { cat "$out/cpack.log"; fail "cpack -G DEB failed"; }
    deb=$(deb_of "$out")
    [ -n "$deb" ] || fail "cpack made no aftermath_*.deb in $out"
    echo "$deb: $(du -k "$deb" | cut -f1) KiB"
    dpkg-deb --info "$deb"
    dpkg-deb --contents "$deb"
    # dpkg-shlibdeps found the libraries (the hand-written part names only Qt's runtime plugins).
    dpkg-deb --field "$deb" Depends | grep -q 'libqt6core6' || fail "Depends lacks what dpkg-shlibdeps finds"
    dpkg -x "$deb" "$out/root"
    ;;
run)
    out=$1 version=$2
    # A copy, so the other steps see the package as it was; no user or system data folders.
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
    cp -a "$out/root" "$work/root"
    mkdir -p "$work/home"
    export HOME="$work/home" XDG_DATA_HOME="$work/home/data" XDG_CONFIG_HOME="$work/home/config"
    export XDG_DATA_DIRS="$work/none" QT_QPA_PLATFORM=offscreen
    unset AFTERMATH_DB AFTERMATH_NOW || true
    bin="$work/root/usr/bin"
    data="$work/root/usr/share/aftermath"

    [ "$("$bin/aftermath-cli" --version)" = "aftermath-cli $version" ] || fail "aftermath-cli --version: not $version"
    "$bin/aftermath" --version | grep -qx "Aftermath $version" || fail "aftermath --version: not $version"

    # As installed: the example's timeline, and the postmortem written through the default template.
    "$bin/aftermath-cli" demo --out "$work/demo" >"$work/timeline.txt" 2>"$work/demo.err" ||
        { cat "$work/demo.err"; fail "the unpacked aftermath-cli demo failed"; }
    grep -q 'Imported 7 example files (799 events)' "$work/demo.err" || fail "demo imported something else"
    grep -q 'suspect_change #1: PR #412' "$work/timeline.txt" || fail "demo printed no timeline"
    [ -s "$work/demo/postmortem.md" ] || fail "demo wrote no postmortem"

    # The files it read were the unpacked ones: each changed copy changes what demo says. The
    # rules go empty, so the events the built-in rules classify no longer are.
    sed -i 's/"title": "\([^"]*\)"/"title": "\1 (installed copy)"/' "$data/examples/etl-incident.json"
    echo 'Rendered from the installed template.' >>"$data/templates/default.md"
    echo '{"rules": []}' >"$data/rules/default-rules.json"
    "$bin/aftermath-cli" demo --out "$work/demo2" >"$work/timeline2.txt" 2>"$work/demo2.err" ||
        { cat "$work/demo2.err"; fail "demo failed on the changed data"; }
    grep -q '(installed copy)' "$work/demo2.err" || fail "demo did not read usr/share/aftermath/examples"
    grep -q 'Rendered from the installed template.' "$work/demo2/postmortem.md" ||
        fail "demo did not render through usr/share/aftermath/templates/default.md"
    ! cmp -s "$work/timeline.txt" "$work/timeline2.txt" ||
        fail "the timeline did not change without usr/share/aftermath/rules/default-rules.json"

    # Without them, the program falls back to its compiled-in copy: the same as installed.
    rm -rf "$data"
    "$bin/aftermath-cli" demo --out "$work/demo3" >"$work/timeline3.txt" 2>"$work/demo3.err" ||
        { cat "$work/demo3.err"; fail "demo failed without usr/share/aftermath"; }
    cmp -s "$work/timeline.txt" "$work/timeline3.txt" || fail "the compiled-in data differ from the installed"
    cmp -s "$work/demo/postmortem.md" "$work/demo3/postmortem.md" || fail "the compiled-in template differs"
    echo "the unpacked programs print $version and read usr/share/aftermath"
    ;;
lintian)
    out=$1
    deb=$(deb_of "$out")
    # Every tag is shown; only errors fail (the warnings are in the issue's closing note).
    lintian --fail-on error --display-info --tag-display-limit 0 "$deb"
    ;;
mime)
    out=$1
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
    mkdir -p "$work/share/mime/packages"
    cp /usr/share/mime/packages/freedesktop.org.xml "$out"/root/usr/share/mime/packages/*.xml \
        "$work/share/mime/packages/"
    # Only this MIME database: the system's freedesktop.org types and the package's.
    export HOME="$work" XDG_DATA_HOME="$work/share" XDG_DATA_DIRS="$work/share" AFTERMATH_NOW=2026-01-01T00:00:00Z
    update-mime-database "$work/share/mime" >"$work/update.log" 2>&1
    [ ! -s "$work/update.log" ] || { cat "$work/update.log"; fail "update-mime-database complained"; }
    grep -qx 'application/x-aftermath-store' "$work/share/mime/types" || fail "no application/x-aftermath-store"
    "$out/root/usr/bin/aftermath-cli" --db "$work/store.sqlite" init >/dev/null
    sqlite3 "$work/other.sqlite" 'CREATE TABLE t (x)'
    type_of() { gio info --attributes=standard::content-type "$1" | sed -n 's/^ *standard::content-type: //p'; }
    [ "$(type_of "$work/store.sqlite")" = application/x-aftermath-store ] ||
        fail "a store is $(type_of "$work/store.sqlite")"
    [ "$(type_of "$work/other.sqlite")" = application/vnd.sqlite3 ] ||
        fail "another SQLite file is $(type_of "$work/other.sqlite")"
    echo "a store is application/x-aftermath-store; another SQLite file application/vnd.sqlite3"
    ;;
*)
    fail "unknown step $step"
    ;;
esac
