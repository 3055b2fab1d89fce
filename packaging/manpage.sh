#!/bin/sh
# Writes aftermath-cli's man page: TEMPLATE (the hand-written parts) with @VERSION@ and @DATE@
# filled, @OPTIONS@ replaced by the global options and @COMMANDS@ by every command, its usage,
# summary and options, all from the program's own help, so the page says what the program does.
# usage: manpage.sh CLI TEMPLATE OUTPUT VERSION DATE
set -eu
cli=$1 template=$2 output=$3 version=$4 date=$5

# The help shows the default store's path, under the home folder of whoever builds: show it as ~.
export HOME=/nonexistent-home
unset XDG_DATA_HOME AFTERMATH_DB || true
export ASAN_OPTIONS=detect_leaks=0 # the asan preset builds this too
help() { "$cli" help "$@" | sed 's|/nonexistent-home/|~/|g'; }

# One help text (on stdin) as man page source: the summary, then each option as a tagged paragraph,
# leaving out those every command has (--db, --help: under OPTIONS). HEADER=1 starts with the
# command's usage as a subsection heading.
to_roff() {
    awk -v header="$1" '
        function esc(s) { gsub(/\\/, "\\e", s); return s }
        function opt(s) { s = esc(s); gsub(/-/, "\\-", s); return s }
        function line(s) { if (s ~ /^[.'"'"']/) s = "\\&" s; print s }
        function flush() {
            if (names == "") return
            if (names !~ /^--db / && names !~ /^-h, --help$/ || header == 0) {
                print ".TP"
                n = split(names, part, " ")
                out = ""
                for (i = 1; i <= n; ++i)
                    out = out (i > 1 ? " " : "") (part[i] ~ /^</ ? "\\fI" opt(part[i]) "\\fR" : "\\fB" opt(part[i]) "\\fR")
                print out
                line(esc(text))
            }
            names = ""; text = ""
        }
        NR == 1 && header == 1 {
            sub(/^Usage: aftermath-cli \[--db FILE\] /, ""); sub(/ \[options\]/, "")
            print ".SS \"" opt($0) "\""; next
        }
        /^Options:$/ { options = 1; next }
        !options && header == 1 { if ($0 != "") line(esc($0)); next }
        options && /^  -/ {
            flush()
            s = substr($0, 3); i = index(s, "  ")
            if (i == 0) { names = s; text = "" } else { names = substr(s, 1, i - 1); text = substr(s, i); sub(/^ +/, "", text) }
            next
        }
        options && /^ +[^ ]/ { s = $0; sub(/^ +/, "", s); text = text (text == "" ? "" : " ") s; next }
        END { flush() }'
}

commands=$(help | awk '/^Commands:$/ { on = 1; next } on && /^$/ { exit } on { print $1 }')
[ -n "$commands" ] || { echo "manpage.sh: '$cli help' lists no commands" >&2; exit 1; }
help | to_roff 0 > "$output.options"
for name in $commands; do help "$name" | to_roff 1; done > "$output.commands"
[ "$(grep -c '^\.SS' "$output.commands")" -eq "$(echo "$commands" | wc -l)" ] ||
    { echo "manpage.sh: '$cli help COMMAND' failed for a command" >&2; exit 1; }

# (Files, not awk -v, which would read the backslashes of roff as escapes.)
awk -v version="$version" -v date="$date" -v options="$output.options" -v commands="$output.commands" '
    function copy(file, l) { while ((getline l < file) > 0) print l; close(file) }
    $0 == "@OPTIONS@" { copy(options); next }
    $0 == "@COMMANDS@" { copy(commands); next }
    { gsub(/@VERSION@/, version); gsub(/@DATE@/, date); print }' "$template" > "$output.tmp"
rm -f "$output.options" "$output.commands"
mv "$output.tmp" "$output"
