#!/usr/bin/env bash
# Runs every test: installs the system packages the tests drive for real when they are missing
# (redis-server for Redis-backed nodes, Chromium for the console's browser test, curl for Momento's
# HTTP API), then the build, the server's image tarball included. Node.js and npm (for Momento's Node.js SDK) come with the machine.
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

# The server image's tarball is built (Jib, no Docker daemon) and its config checked
# (ImageTarballIT). Its base, eclipse-temurin:17-jre, comes from Docker Hub; where that registry
# cannot be reached, the tarball is built on an empty base instead: the config the test reads
# (entrypoint, user, ports, environment, volume) is the same, but that tarball does not run.
image=(-Pimage)
if ! curl -s -m 5 -o /dev/null https://registry-1.docker.io/v2/; then
  echo "test.sh: Docker Hub cannot be reached: the image tarball is built on an empty base, for its config test"
  image+=(-Djib.from.image=scratch)
fi
exec ./mvnw -B verify "${image[@]}" "$@"
