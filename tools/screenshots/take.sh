#!/usr/bin/env bash
# Takes the README's pictures (docs/screenshots/*.png) from a clone, on Debian 12 with the packages of
# packaging/debian-packages.txt installed (./dev.sh deps): builds the release preset's programs,
# makes the bundled example's store (aftermath-cli demo) and writes its postmortem and action items
# with the CLI, makes a large store (aftermath-bench day: 1,000,000 events of 8 services over 24 h)
# and a noisy day's (aftermath-noisyday: 200,000 lines with one incident in them, the whole day its
# window), and photographs the real window under Xvfb (aftermath-screenshots). Look at each picture before
# committing it.
#   tools/screenshots/take.sh            CMAKE_BUILD_PARALLEL_LEVEL=2 limits the build's jobs
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$here"

for tool in cmake ninja xvfb-run; do
    command -v "$tool" >/dev/null || { echo "take.sh: $tool is missing; ./dev.sh deps installs it" >&2; exit 1; }
done

cmake --preset release
cmake --build --preset release --target aftermath-cli aftermath-bench aftermath-noisyday aftermath-screenshots

cli=build/release/app/cli/aftermath-cli
work=build/screenshots
out=docs/screenshots
rm -rf "$work"
mkdir -p "$work" "$out"

# Today, for every time the store records and for which action items are overdue: a fortnight
# after the example's night, so the pictures are the same whenever they are taken.
export AFTERMATH_NOW=2026-07-02T08:00:00Z

# The example: its evidence imported, the incident created (#1), then drafted and written up as
# the on-call engineer would.
"$cli" demo --out "$work/example" >/dev/null
db=(--db "$work/example/aftermath.sqlite")
"$cli" "${db[@]}" draft 1 >/dev/null
"$cli" "${db[@]}" incident set 1 --status in_review \
    --authors "Dana Whitfield, Bob Lindqvist" \
    --summary "From 02:02 the nightly post-funding ETL runs of NHS E and NHS S failed in create_post_funding: \
PR #412 had deployed code that selects funding_band, a column that migration 0042 adds and production did \
not have yet. The runs retried without a limit and never finished; both tenants were re-run on the previous \
task definition from 05:39." \
    --description "Two customers' morning funding reports went out without the previous night's rows. \
They were regenerated and sent again that morning." \
    --resolution "Both tenants re-run by hand on etl-post-funding:41 from 05:39 (finished 05:52 and 06:03); \
the scheduled tasks point at :41 until migration 0042 is applied." \
    --contributing-factors "Schema changes go out in a manual release, so nothing stops code that needs a \
migration from deploying first. create_post_funding retries every three minutes with no limit, so a failing \
run never fails. The only alert is a run not finished by 04:00, two hours after the first error." \
    --went-well "The ETL Monitor's overdue alert fired on time, and re-running on :41 was quick." \
    --went-wrong "The 05:00 report build ran before the re-runs and sent reports without the night's rows." \
    >/dev/null
"$cli" "${db[@]}" rootcause add 1 "Code that needs migration 0042 deployed before the migration was applied" >/dev/null
"$cli" "${db[@]}" rootcause add 1 "create_post_funding retries with no limit, so a failing run never ends" >/dev/null
"$cli" "${db[@]}" rootcause add 1 "The report build does not wait for the night's runs" >/dev/null
# add OWNER DUE PRIORITY TYPE STATUS ISSUE DESCRIPTION
add_action() {
    local id
    id=$("$cli" "${db[@]}" action add 1 "$7" --owner "$1" --due "$2" --priority "$3" --type "$4" \
        --link "https://github.com/acme/etl-pipelines/issues/$6")
    [ "$5" = open ] || "$cli" "${db[@]}" action set "$id" --status "$5" >/dev/null
}
add_action "Bob Lindqvist" 2026-06-26 P1 prevent in_progress 415 "Run migrations at task start, before the new code (revive PR #411)"
add_action "Alice Moreau" 2026-07-03 P1 mitigate open 416 "Give create_post_funding a retry limit, then fail the run"
add_action "Dana Whitfield" 2026-06-30 P2 detect open 417 "Alert when a run logs more than 10 errors, not only when it is late"
add_action "Alice Moreau" 2026-07-10 P2 prevent open 418 "Hold the 05:00 report build until both tenants' runs have finished"
add_action "Bob Lindqvist" 2026-06-24 P3 process done 419 "Add the manual migration release to the deploy runbook"
add_action "Dana Whitfield" 2026-06-29 P3 process wont_do 420 "Page on-call for every ETL retry"

# The large store: a day of logs with its search index.
build/release/bench/aftermath-bench day --rows 1000000 --dir "$work/large" >/dev/null

# The noisy day: its logs (seed 1), imported, and an incident for the whole day, in UTC.
build/release/tests/data/noisyday/aftermath-noisyday --lines 200000 "$work/noisy" >/dev/null
noisy=(--db "$work/noisy/aftermath.sqlite")
"$cli" "${noisy[@]}" ingest "$work"/noisy/*.log >/dev/null
"$cli" "${noisy[@]}" incident new --title "Charges failing" --from 2026-07-01T00:00:00Z \
    --to 2026-07-01T23:59:59Z --tz UTC >/dev/null

xvfb-run -a -s "-screen 0 1920x1200x24" build/release/tools/screenshots/aftermath-screenshots \
    --example "$work/example/aftermath.sqlite" --large "$work/large/day.sqlite" \
    --noisy "$work/noisy/aftermath.sqlite" "$out"
echo "The pictures are in $here/$out; look at each before committing."
