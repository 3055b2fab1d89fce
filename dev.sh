#!/usr/bin/env bash
# Aftermath's set-up, build and run entry point on Debian 12 (see README.md).
#   ./dev.sh run    install what is missing, build, open Aftermath on the bundled example
#   ./dev.sh test   install what is missing, build (warnings are errors) and run every test, then
#                   build the fuzzers and run each for a short bounded time (docs/fuzzing.md)
# Safe to re-run: packages already installed and up-to-date builds are left alone.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"

install_missing_packages() {
    local wanted missing=()
    mapfile -t wanted < <(grep -v '^\s*#' packaging/debian-packages.txt | sed '/^\s*$/d')
    for pkg in "${wanted[@]}"; do
        if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
            missing+=("$pkg")
        fi
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "Installing missing Debian packages: ${missing[*]}"
    local sudo=()
    [ "$(id -u)" -ne 0 ] && sudo=(sudo)
    "${sudo[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

run_example() {
    cmake --workflow --preset release
    local bin="build/release/app"
    # The bundled example incident: evidence imported into a fresh store, the incident created,
    # its timeline printed.
    "$bin/cli/aftermath-cli" demo --out build/example
    if [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; then
        exec "$bin/desktop/aftermath" --db build/example/aftermath.sqlite --incident 1
    fi
    echo "No display found: the timeline above is the example; open build/example/aftermath.sqlite in the app to browse it."
}

run_tests() {
    cmake --workflow --preset ci
    cmake --workflow --preset fuzz
}

case "${1:-}" in
    run) install_missing_packages; run_example ;;
    test) install_missing_packages; run_tests ;;
    deps) install_missing_packages ;;
    *) echo "usage: ./dev.sh run|test|deps" >&2; exit 2 ;;
esac
