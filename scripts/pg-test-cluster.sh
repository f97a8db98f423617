#!/usr/bin/env bash
# Start a throwaway PostgreSQL cluster for the tests, as the unprivileged
# `postgres` user, in a temporary folder, listening on loopback only. Prints
# the export lines for the tests: eval "$(scripts/pg-test-cluster.sh start)".
# `scripts/pg-test-cluster.sh stop DIR` stops it and removes the folder.
set -euo pipefail
port=${HANDBOOK_PG_PORT:-54329}
case "${1:-}" in
start)
	bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)
	[ -n "$bin" ] || { echo "pg-test-cluster: PostgreSQL is not installed (apt-get install postgresql)" >&2; exit 1; }
	dir=$(mktemp -d /tmp/handbook-pg-XXXXXX)
	as=()
	if [ "$(id -u)" = 0 ]; then # PostgreSQL refuses to run as root
		chown postgres "$dir"
		as=(runuser -u postgres --)
	fi
	"${as[@]}" "$bin/initdb" -D "$dir/data" -A trust -U postgres >"$dir/initdb.log" 2>&1
	"${as[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
		-o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=on" start >/dev/null
	echo "export HANDBOOK_TEST_POSTGRES='postgres://postgres@127.0.0.1:$port/postgres?sslmode=disable'"
	echo "export HANDBOOK_PG_DIR='$dir'"
	;;
stop)
	dir=${2:?usage: pg-test-cluster.sh stop DIR}
	bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1)
	as=()
	[ "$(id -u)" = 0 ] && as=(runuser -u postgres --)
	"${as[@]}" "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
	rm -rf "$dir"
	;;
*)
	echo "usage: pg-test-cluster.sh start | stop DIR" >&2
	exit 2
	;;
esac
