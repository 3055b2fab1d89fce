#!/usr/bin/env bash
# How long a small edit waits while a big import runs into the same store, and whether two big
# imports into one store both succeed (issue 11, item 11). Compares two aftermath-cli builds in
# one run: the one to measure and a baseline.
#
#   bench/edit-during-import.sh NEW_CLI BASELINE_CLI [LINES] [WORKDIR]
#
# LINES (default 6000000) lines are written once to WORKDIR (default /tmp/aftermath-edit-bench).
# For each build, into a fresh store holding one incident:
#   1. the import alone: wall time and lines/s;
#   2. the import again into a fresh store while `incident set 1 --summary ...` runs back to back
#      (busy timeout as shipped): how many edits ran, how many failed, and their wall times
#      (process start included; an edit with no import running is timed too, for reference);
#   3. two imports of the same number of lines (two files) at once: whether both succeeded and
#      how many events the store holds after them.
set -euo pipefail

new=${1:?usage: edit-during-import.sh NEW_CLI BASELINE_CLI [LINES] [WORKDIR]}
base=${2:?usage: edit-during-import.sh NEW_CLI BASELINE_CLI [LINES] [WORKDIR]}
lines=${3:-6000000}
work=${4:-/tmp/aftermath-edit-bench}
mkdir -p "$work"

write_log() { # FILE SEED
    [[ -s $1 ]] && return
    awk -v n="$lines" -v seed="$2" 'BEGIN {
        srand(seed)
        for (i = 0; i < n; i++) {
            s = int(i / 100)
            printf "2026-06-18T%02d:%02d:%02d.%03dZ INFO worker-%d step processed batch %d token %08x\n",
                int(s / 3600) % 24, int(s / 60) % 60, s % 60, i % 1000, i % 7, i, int(rand() * 4294967295)
        }
    }' > "$1"
}
write_log "$work/a.log" 1
write_log "$work/b.log" 2

now_ms() { date +%s%3N; }

fresh_store() { # CLI DB
    rm -f "$2" "$2-wal" "$2-shm"
    "$1" --db "$2" incident new --title "Bench incident" --from "2026-06-18 00:00" --to "2026-06-18 23:59" \
        --tz UTC > /dev/null
}

measure() { # NAME CLI
    local name=$1 cli=$2 db="$work/$1.sqlite"
    echo "== $name ($cli)"

    fresh_store "$cli" "$db"
    local start end
    start=$(now_ms)
    "$cli" --db "$db" ingest --tz UTC "$work/a.log" > /dev/null
    end=$(now_ms)
    awk -v ms=$((end - start)) -v n="$lines" \
        'BEGIN { printf "  import alone: %.2f s, %.2f M lines/s\n", ms / 1000, n / ms / 1000 }'

    start=$(now_ms)
    "$cli" --db "$db" incident set 1 --summary "idle edit" > /dev/null
    end=$(now_ms)
    echo "  an edit with no import running: $((end - start)) ms"

    fresh_store "$cli" "$db"
    "$cli" --db "$db" ingest --tz UTC "$work/a.log" > /dev/null 2>&1 &
    local importer=$! waits=() failed=0 i=0
    sleep 0.3
    while kill -0 "$importer" 2> /dev/null; do
        start=$(now_ms)
        if "$cli" --db "$db" incident set 1 --summary "edit $i" > /dev/null 2>&1; then
            waits+=($(($(now_ms) - start)))
        else
            failed=$((failed + 1))
        fi
        i=$((i + 1))
    done
    wait "$importer" && echo "  the import under edits succeeded" || echo "  the import under edits FAILED"
    if ((${#waits[@]} > 0)); then
        printf '%s\n' "${waits[@]}" | sort -n | awk -v failed="$failed" '{ v[NR] = $1 } END {
            p90 = int(NR * 0.9 + 0.5); if (p90 < 1) p90 = 1
            printf "  edits during the import: %d ran, %d failed; wall ms: median %d, p90 %d, worst %d\n",
                NR, failed, v[int((NR + 1) / 2)], v[p90], v[NR] }'
    else
        echo "  edits during the import: 0 ran, $failed failed"
    fi

    fresh_store "$cli" "$db"
    start=$(now_ms)
    "$cli" --db "$db" ingest --tz UTC "$work/a.log" > "$work/$name-a.out" 2>&1 &
    local first=$!
    "$cli" --db "$db" ingest --tz UTC "$work/b.log" > "$work/$name-b.out" 2>&1 &
    local second=$!
    local codeA=0 codeB=0
    wait "$first" || codeA=$?
    wait "$second" || codeB=$?
    end=$(now_ms)
    local events
    events=$("$cli" --db "$db" info | awk '/^events:/ { print $2 }')
    echo "  two imports at once: exit codes $codeA and $codeB, $events events stored (of $((2 * lines))), $(((end - start) / 1000)) s"
    grep -h -m1 -i "locked\|waiting" "$work/$name-a.out" "$work/$name-b.out" | sed 's/^/    /' || true
}

measure new "$new"
measure baseline "$base"
