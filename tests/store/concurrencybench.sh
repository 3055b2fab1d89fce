#!/bin/sh
# The concurrency bench (bench/concurrencybench.cpp) for two seconds, as a check of its counts (not
# of its timing): on SQLite in a fresh file, or, given the test cluster's folder
# (tests/support/pgcluster.sh), on a fresh database there.
# usage: concurrencybench.sh BENCH sqlite FILE | BENCH postgresql CLUSTER_DIR PG_BIN_DIR
set -eu
bench=$1
engine=$2
if [ "$engine" = sqlite ]; then
    rm -f "$3" "$3-wal" "$3-shm"
    exec "$bench" concurrency --seconds 2 --db "$3"
fi
dir=$3
bin=$4
export PGPASSFILE="$dir/pgpass"
url=$(cat "$dir/url")
hostport=${url#postgresql://aftermath@}
hostport=${hostport%%/*}
host=${hostport%:*}
port=${hostport#*:}
db=aftermath_concurrency_bench
"$bin/dropdb" --if-exists -h "$host" -p "$port" -U aftermath "$db"
"$bin/createdb" -h "$host" -p "$port" -U aftermath "$db"
exec "$bench" concurrency --seconds 2 --db "postgresql://aftermath@$hostport/$db"
