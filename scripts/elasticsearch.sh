#!/usr/bin/env bash
# A real single-node Elasticsearch for kiemtra's tests and development.
#
#   scripts/elasticsearch.sh start [--name NAME] [--port PORT]   start a node, print its URL
#   scripts/elasticsearch.sh stop  [--name NAME]                 stop it (data is kept)
#   scripts/elasticsearch.sh status|url [--name NAME]            is it running / its URL
#   scripts/elasticsearch.sh wipe  [--name NAME]                 stop it and delete its data
#   scripts/elasticsearch.sh fetch                               download and unpack only
#   scripts/elasticsearch.sh java                                print the JDK it would use
#
# The server is Elastic's integ-test-zip distribution from Maven Central, fetched with
# `mvn dependency:copy` into $KIEMTRA_CACHE/elasticsearch (default <repo>/.cache/elasticsearch).
# That zip holds only the core server (modules apm, transport-netty4, x-pack-core,
# x-pack-security): no analysis-common, Painless, reindex or ingest; kiemtra needs none of them.
# The version follows the Python client's major (elasticsearch==9.x → server 9.x) and needs a JDK
# >= 21: ES_JAVA_HOME if set, else the newest one found under /usr/lib/jvm.
# Each node (default name "dev") keeps its data, logs and pid under <cache>/nodes/NAME, listens on
# 127.0.0.1 only (port 9200 when free, else the next free one up to 9299) with security off
# and a 512 MB heap.
# As root the node runs as the system user kiemtra-es (Elasticsearch refuses to run as root).
set -euo pipefail

ES_VERSION="${KIEMTRA_ES_VERSION:-9.5.4}"
ARTIFACT="org.elasticsearch.distribution.integ-test-zip:elasticsearch:${ES_VERSION}:zip"
DEPENDENCY_PLUGIN="org.apache.maven.plugins:maven-dependency-plugin:3.8.1"
ES_USER="kiemtra-es"
HEAP="${KIEMTRA_ES_HEAP:-512m}"
START_TIMEOUT="${KIEMTRA_ES_START_TIMEOUT:-180}"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="${KIEMTRA_CACHE:-$ROOT/.cache}/elasticsearch"
HOME_DIR="$CACHE/elasticsearch-$ES_VERSION"

say() { echo "es-node: $*" >&2; }
die() { echo "es-node: error: $*" >&2; exit 1; }

java_major() {  # java_major /path/to/jdk → 21
    local v
    v="$("$1/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9][0-9]*\).*/\1/p' | head -1)" || true
    echo "${v:-0}"
}

find_java() {
    if [[ -n "${ES_JAVA_HOME:-}" ]]; then
        [[ -x "$ES_JAVA_HOME/bin/java" ]] || die "ES_JAVA_HOME=$ES_JAVA_HOME has no bin/java"
        (( $(java_major "$ES_JAVA_HOME") >= 21 )) \
            || die "ES_JAVA_HOME=$ES_JAVA_HOME is Java $(java_major "$ES_JAVA_HOME"); Elasticsearch 9 needs Java 21 or newer"
        echo "$ES_JAVA_HOME"; return
    fi
    local best="" best_v=0 d v
    for d in /usr/lib/jvm/*/; do
        d="${d%/}"
        [[ -x "$d/bin/java" && ! -L "$d" ]] || continue
        v="$(java_major "$d")"
        if (( v >= 21 && v > best_v )); then best="$d"; best_v="$v"; fi
    done
    [[ -n "$best" ]] || die "no JDK 21 or newer found (ES_JAVA_HOME unset, none under /usr/lib/jvm). \
Elasticsearch $ES_VERSION needs one: install a JDK >= 21 (e.g. Eclipse Temurin 21 or 25 as \
/usr/lib/jvm/temurin-21-jdk-amd64; Debian 13: apt-get install openjdk-21-jdk-headless; Debian 12's \
apt has only Java 17) or set ES_JAVA_HOME to one."
    echo "$best"
}

fetch() {
    [[ -x "$HOME_DIR/bin/elasticsearch" ]] && return
    command -v mvn >/dev/null || die "mvn (Apache Maven) is needed to fetch Elasticsearch: apt-get install maven"
    command -v unzip >/dev/null || die "unzip is needed: apt-get install unzip"
    mkdir -p "$CACHE/dist"
    local zip="$CACHE/dist/elasticsearch-$ES_VERSION.zip"
    if [[ ! -s "$zip" ]]; then
        say "fetching $ARTIFACT from Maven Central"
        mvn -B -q "$DEPENDENCY_PLUGIN:copy" -Dartifact="$ARTIFACT" -DoutputDirectory="$CACHE/dist" >&2 \
            || die "mvn could not fetch $ARTIFACT"
    fi
    local tmp="$CACHE/unpack.$$"
    rm -rf "$tmp"; mkdir -p "$tmp"
    unzip -q "$zip" -d "$tmp"
    rm -rf "$HOME_DIR"; mv "$tmp/elasticsearch-$ES_VERSION" "$HOME_DIR"; rm -rf "$tmp"
    say "unpacked $HOME_DIR"
}

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

running() {  # running NODE_DIR → true if its pid is alive
    [[ -s "$1/pid" ]] && kill -0 "$(cat "$1/pid")" 2>/dev/null
}

healthy() {
    curl -fsS --max-time 5 "http://127.0.0.1:$1/_cluster/health?wait_for_status=yellow&timeout=2s" >/dev/null 2>&1
}

as_es_user() {  # run a command as the unprivileged user when we are root
    if [[ "$(id -u)" == 0 ]]; then
        runuser -u "$ES_USER" -- "$@"
    else
        "$@"
    fi
}

ensure_user() {
    [[ "$(id -u)" == 0 ]] || return 0
    id "$ES_USER" >/dev/null 2>&1 && return 0
    command -v useradd >/dev/null || die "running as root: Elasticsearch needs an unprivileged user; create '$ES_USER'"
    useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$ES_USER" \
        || id "$ES_USER" >/dev/null 2>&1 || die "could not create user $ES_USER"
    say "created system user $ES_USER"
}

start() {
    local name="$1" port="$2" node="$CACHE/nodes/$1"
    if running "$node"; then
        local p; p="$(cat "$node/port")"
        if healthy "$p"; then echo "http://127.0.0.1:$p"; return; fi
        die "node $name (pid $(cat "$node/pid")) is running but not healthy; see $node/logs"
    fi
    local java; java="$(find_java)"
    fetch
    ensure_user
    # without --port, Elasticsearch binds the first free port of the range itself (no race with
    # other nodes starting at the same time) and reports it in logs/http.ports
    local http_port="${port:-9200-9299}"
    if [[ -n "$port" ]]; then port_free "$port" || die "port $port is in use"; fi
    mkdir -p "$node/data" "$node/logs" "$node/tmp"
    rm -rf "$node/config"; cp -r "$HOME_DIR/config" "$node/config"
    rm -f "$node/pid" "$node/port" "$node/logs/http.ports" "$node/logs/transport.ports"
    if [[ "$(id -u)" == 0 ]]; then
        chown -R "$ES_USER:" "$node"
        # the user must be able to read the distribution and traverse up to the cache
        chmod -R a+rX "$HOME_DIR"
        local d="$CACHE"; while [[ "$d" != / ]]; do chmod o+x "$d" 2>/dev/null || true; d="$(dirname "$d")"; done
    fi
    say "starting Elasticsearch $ES_VERSION ($name) on 127.0.0.1:$http_port with $java"
    as_es_user env ES_JAVA_HOME="$java" ES_PATH_CONF="$node/config" ES_TMPDIR="$node/tmp" \
        ES_JAVA_OPTS="-Xms$HEAP -Xmx$HEAP ${KIEMTRA_ES_JAVA_OPTS:-}" \
        "$HOME_DIR/bin/elasticsearch" -d -p "$node/pid" \
        -Ecluster.name="kiemtra-$name" -Enode.name="$name" \
        -Ediscovery.type=single-node -Expack.security.enabled=false \
        -Enetwork.host=127.0.0.1 -Ehttp.port="$http_port" -Etransport.port=9300-9399 \
        -Enode.portsfile=true -Epath.data="$node/data" -Epath.logs="$node/logs" \
        -Eaction.destructive_requires_name=false \
        -Ecluster.routing.allocation.disk.threshold_enabled=false \
        >"$node/console.log" 2>&1 || {
            tail -n 30 "$node/console.log" >&2; die "Elasticsearch did not start; logs in $node/logs"; }
    local waited=0
    until [[ -s "$node/logs/http.ports" ]] && healthy "$(sed -n 's/.*:\([0-9]*\)$/\1/p' "$node/logs/http.ports" | head -1)"; do
        if (( waited > 5 )) && ! running "$node"; then
            tail -n 40 "$node/console.log" "$node/logs/kiemtra-$name.log" >&2 2>/dev/null || true
            die "Elasticsearch exited during startup; logs in $node/logs"
        fi
        (( waited >= START_TIMEOUT )) && { stop "$name"; die "not healthy after ${START_TIMEOUT}s; logs in $node/logs"; }
        sleep 1; waited=$(( waited + 1 ))
    done
    port="$(sed -n 's/.*:\([0-9]*\)$/\1/p' "$node/logs/http.ports" | head -1)"
    echo "$port" >"$node/port"
    say "ready (pid $(cat "$node/pid"))"
    echo "http://127.0.0.1:$port"
}

stop() {
    local node="$CACHE/nodes/$1"
    if ! running "$node"; then rm -f "$node/pid"; say "node $1 is not running"; return; fi
    local pid; pid="$(cat "$node/pid")"
    kill -TERM "$pid"
    local i
    for i in $(seq 1 60); do
        kill -0 "$pid" 2>/dev/null || { rm -f "$node/pid"; say "stopped node $1"; return; }
        sleep 0.5
    done
    say "node $1 did not stop in 30s; killing it"
    kill -KILL "$pid" 2>/dev/null || true
    rm -f "$node/pid"
}

cmd="${1:-}"; shift || true
name="dev"; port=""
while [[ $# -gt 0 ]]; do
    case "$1" in
        --name) name="$2"; shift 2 ;;
        --port) port="$2"; shift 2 ;;
        *) die "unknown option $1" ;;
    esac
done
[[ "$name" =~ ^[A-Za-z0-9_.-]+$ ]] || die "bad node name $name"

case "$cmd" in
    start) start "$name" "$port" ;;
    stop) stop "$name" ;;
    status|url)
        node="$CACHE/nodes/$name"
        if running "$node" && healthy "$(cat "$node/port")"; then echo "http://127.0.0.1:$(cat "$node/port")"
        else say "node $name is not running"; exit 1; fi ;;
    wipe) stop "$name"; rm -rf "${CACHE:?}/nodes/$name" ;;
    fetch) fetch; echo "$HOME_DIR" ;;
    java) find_java ;;
    *) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
esac
