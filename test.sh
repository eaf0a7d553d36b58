#!/usr/bin/env bash
# Runs every test: installs the system packages the tests drive for real when they are missing
# (redis-server for Redis-backed nodes, Chromium for the console's browser test, curl for Momento's
# HTTP API), then the build. Node.js and npm (for Momento's Node.js SDK) come with the machine.
# Extra arguments go to Maven, e.g. ./test.sh -pl server -am
set -euo pipefail
cd "$(dirname "$0")"

apt_install() {
  local sudo=""
  if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
  echo "test.sh: installing $* (apt)"
  $sudo apt-get install -y -qq "$@" >/dev/null 2>&1 \
    || { $sudo apt-get update -qq && $sudo apt-get install -y -qq "$@" >/dev/null; }
}

missing=()
command -v redis-server >/dev/null || missing+=(redis-server)
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v curl >/dev/null || missing+=(curl)
if [ ${#missing[@]} -gt 0 ]; then
  apt_install "${missing[@]}"
fi

exec ./mvnw -B verify "$@"
