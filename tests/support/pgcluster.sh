#!/bin/sh
# A throwaway PostgreSQL cluster for the tests (the ctest fixture "postgresql cluster",
# tests/store/CMakeLists.txt): `start DIR` makes one and starts it, `stop DIR` stops it and
# removes it. BINDIR is PostgreSQL's bin folder (initdb, pg_ctl, psql).
#
# The server listens on 127.0.0.1 only, on the first free port it finds, with its socket in a
# folder of its own, and never runs as root: run by root, it runs as the `postgres` system user
# that the postgresql package creates. DIR gets what the tests read:
#   url       postgresql://aftermath@127.0.0.1:PORT/aftermath (no password in it)
#   password  the role's password, made up here
#   pgpass    the same in libpq's password file format (mode 0600): PGPASSFILE=DIR/pgpass
#   cluster   the temporary folder holding the cluster (data, socket, log)
# The role `aftermath` may create databases and roles (CREATEDB, CREATEROLE: the tests make a
# reader role as docs/team-store.md's administrator does), but is no superuser.
set -eu

usage() { echo "usage: pgcluster.sh start|stop DIR BINDIR" >&2; exit 2; }
[ $# -eq 3 ] || usage
action=$1 dir=$2 bindir=$3

# Runs a PostgreSQL program as the cluster's owner.
if [ "$(id -u)" -eq 0 ]; then
    owner=postgres
    id "$owner" >/dev/null 2>&1 || { echo "pgcluster.sh: run as root, it needs the postgres user (apt-get install postgresql)" >&2; exit 1; }
    as_owner() { runuser -u "$owner" -- "$@"; }
else
    owner=$(id -un)
    as_owner() { "$@"; }
fi

stop() {
    [ -f "$dir/cluster" ] || return 0
    cluster=$(cat "$dir/cluster")
    if [ -f "$cluster/data/postmaster.pid" ]; then
        as_owner "$bindir/pg_ctl" -D "$cluster/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$cluster"
    rm -f "$dir/cluster" "$dir/url" "$dir/password" "$dir/pgpass"
}

case $action in
stop) stop; exit 0 ;;
start) ;;
*) usage ;;
esac

stop # a cluster left by a run that was killed
mkdir -p "$dir"
cluster=$(mktemp -d "${TMPDIR:-/tmp}/aftermath-pg-XXXXXXXX")
echo "$cluster" > "$dir/cluster"
chmod 755 "$cluster"
mkdir -m 700 "$cluster/data" "$cluster/run"
[ "$(id -u)" -eq 0 ] && chown "$owner:" "$cluster/data" "$cluster/run"

password=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
umask 077
printf '%s\n' "$password" > "$dir/password"
# Trust on the socket for the owner (to create the role below); passwords over TCP.
as_owner "$bindir/initdb" -D "$cluster/data" -U "$owner" --auth-local=trust --auth-host=scram-sha-256 \
    --encoding=UTF8 --locale=C.UTF-8 --no-sync >"$cluster/initdb.log" 2>&1 \
    || { cat "$cluster/initdb.log" >&2; stop; exit 1; }

# The first free port from a random start: a port taken between trying and binding fails the
# start, and the next is tried. A throwaway cluster: no fsync, no full-page writes, and no
# autovacuum, whose worker in a test's database would make the test's DROP DATABASE ... WITH (FORCE)
# fail ("must be a member of the role whose process is being terminated"): the tests' role may not
# end a worker's session.
port=$(( 20000 + $(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % 20000 ))
started=
for _ in 1 2 3 4 5 6 7 8 9 10; do
    if as_owner "$bindir/pg_ctl" -D "$cluster/data" -l "$cluster/run/log" -w -t 30 \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $cluster/run -c fsync=off -c full_page_writes=off -c autovacuum=off" \
        start >/dev/null 2>&1; then
        started=1
        break
    fi
    port=$((port + 1))
done
[ -n "$started" ] || { cat "$cluster/run/log" >&2; stop; exit 1; }

as_owner "$bindir/psql" -X -q -v ON_ERROR_STOP=1 -h "$cluster/run" -p "$port" -U "$owner" -d postgres \
    -v pw="$password" >/dev/null <<'SQL' || { stop; exit 1; }
CREATE ROLE aftermath LOGIN CREATEDB CREATEROLE PASSWORD :'pw';
CREATE DATABASE aftermath OWNER aftermath;
SQL

printf 'postgresql://aftermath@127.0.0.1:%s/aftermath\n' "$port" > "$dir/url"
printf '127.0.0.1:%s:*:aftermath:%s\n' "$port" "$password" > "$dir/pgpass"
chmod 600 "$dir/pgpass" "$dir/password"
echo "pgcluster.sh: PostgreSQL on 127.0.0.1:$port ($cluster)"
