#!/bin/sh
# Installs the Debian package on this machine with apt-get, runs the installed programs, removes the
# package again and checks that nothing of it stays behind (README.md, "Install"). It changes the
# system, so no test runs it: run it by hand, as root or with sudo, on a Debian 12 machine.
#   packaging/check-install.sh build/release/aftermath_0.1.0_amd64.deb
set -eu

fail() { echo "check-install: FAIL: $*" >&2; exit 1; }
[ $# -eq 1 ] && [ -f "$1" ] || { echo "usage: $0 PATH/aftermath_VERSION_ARCH.deb" >&2; exit 2; }
deb=$(realpath "$1")
sudo=
[ "$(id -u)" -eq 0 ] || sudo=sudo
version=$(dpkg-deb --field "$deb" Version)
if dpkg-query -W -f='${Status}' aftermath 2>/dev/null | grep -q 'ok installed'; then
    fail "aftermath is installed already; remove it first (apt-get remove aftermath), this script removes what it installs"
fi

echo "== apt-get install $deb"
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y "$deb"
files=$(dpkg -L aftermath)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "== the installed programs"
command -v aftermath-cli | grep -qx /usr/bin/aftermath-cli || fail "aftermath-cli is not /usr/bin/aftermath-cli"
[ "$(aftermath-cli --version)" = "aftermath-cli $version" ] || fail "aftermath-cli --version is not $version"
QT_QPA_PLATFORM=offscreen aftermath --version | grep -qx "Aftermath $version" || fail "aftermath --version is not $version"
aftermath-cli demo --out "$work/demo" >"$work/timeline.txt"
grep -q 'suspect_change #1: PR #412' "$work/timeline.txt" || fail "demo printed no timeline"
[ -s "$work/demo/postmortem.md" ] || fail "demo wrote no postmortem"
man -w aftermath-cli >/dev/null && man -w aftermath >/dev/null || fail "the man pages are not found"
# The package's triggers updated the MIME and desktop databases: a store opens with the app.
if command -v gio >/dev/null; then
    type=$(gio info --attributes=standard::content-type "$work/demo/aftermath.sqlite" |
        sed -n 's/^ *standard::content-type: //p')
    [ "$type" = application/x-aftermath-store ] || fail "the demo's store is $type"
    gio mime application/x-aftermath-store | grep -q io.github.aftermath.Aftermath.desktop ||
        fail "no application is registered for application/x-aftermath-store"
    echo "the demo's store is $type, opened by io.github.aftermath.Aftermath.desktop"
else
    echo "(gio, from libglib2.0-bin, is missing: the MIME type was not checked)"
fi
echo "aftermath-cli $version ran the demo; its timeline has $(wc -l <"$work/timeline.txt") lines"

echo "== apt-get remove aftermath"
$sudo env DEBIAN_FRONTEND=noninteractive apt-get remove -y aftermath
! dpkg-query -W -f='${Status}' aftermath 2>/dev/null | grep -q 'installed' || fail "aftermath is still installed"
left=$(for f in $files; do [ -d "$f" ] || [ ! -e "$f" ] || echo "$f"; done)
[ -z "$left" ] || fail "left behind: $left"
for dir in /usr/share/aftermath /usr/share/doc/aftermath; do
    [ ! -e "$dir" ] || fail "left behind: $dir"
done
echo "check-install: aftermath $version installed, ran and was removed without a trace"
