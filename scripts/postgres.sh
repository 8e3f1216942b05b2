#!/usr/bin/env bash
# A private PostgreSQL cluster from Debian's packages, for the tests and a local trial of the
# team server: `scripts/postgres.sh start DIR` prints its admin URL; `stop DIR` stops it.
# PostgreSQL refuses to run as root, so as root the cluster runs as the `postgres` user.
set -euo pipefail
cmd=${1:?start or stop}; dir=${2:?a directory for the cluster}
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
run() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
case $cmd in
  start)
    mkdir -p "$dir"; [ "$(id -u)" -ne 0 ] || chown postgres "$dir"
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    # A cluster made before is started again with its data (a trial continues where it stopped).
    [ -d "$dir/data" ] || run "$bin/initdb" -D "$dir/data" -A trust -U tether >/dev/null
    run "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w start \
      -o "-k $dir -p $port -c listen_addresses=127.0.0.1 -c fsync=off" >/dev/null
    echo "postgres://tether@127.0.0.1:$port/postgres" ;;
  stop)
    run "$bin/pg_ctl" -D "$dir/data" stop -m fast >/dev/null ;;
  *) echo "start or stop" >&2; exit 2 ;;
esac
