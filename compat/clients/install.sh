#!/usr/bin/env bash
# Builds the native clients the compatibility suite drives (Confluent's @confluentinc/kafka-javascript,
# and the share-group driver compat/share/shareConsumer.c on its librdkafka).
# No prebuilt binary fits here, so its bundled librdkafka is compiled from source, linked against the
# system's compression/TLS/SASL libraries (CKJS_LINKING=dynamic: the default static build downloads
# them and fails offline). Takes minutes, so a stamp file skips it when the locked build is present.
set -euo pipefail
cd "$(dirname "$0")"

# The share-group driver (compat/share/shareConsumer.c): librdkafka's share consumer exists only in
# its C API, so compat/share.test.ts drives this small program, linked against the librdkafka that
# the npm step builds (a relative rpath finds it: no LD_LIBRARY_PATH). Recompiled whenever it is
# older than its source or the library, also when the npm build is skipped.
DRIVER_SRC=../share/shareConsumer.c
DRIVER=build/share-consumer
RDKAFKA_DIR=node_modules/@confluentinc/kafka-javascript/build/deps
build_share_driver() {
  if [ ! -f "$RDKAFKA_DIR/librdkafka.so" ] || [ ! -f "$RDKAFKA_DIR/include/librdkafka/rdkafka.h" ]; then
    echo "compat/clients: cannot build the share driver: no librdkafka in $RDKAFKA_DIR" >&2
    exit 1
  fi
  if [ -x "$DRIVER" ] && [ "$DRIVER" -nt "$DRIVER_SRC" ] && [ "$DRIVER" -nt "$RDKAFKA_DIR/librdkafka.so" ]; then
    echo "compat/clients: share driver up to date"
    return
  fi
  mkdir -p build
  # shellcheck disable=SC2016 # $ORIGIN is for the dynamic linker, not the shell
  if ! cc -std=c99 -D_POSIX_C_SOURCE=200809L -Wall -O2 -I "$RDKAFKA_DIR/include" "$DRIVER_SRC" -o "$DRIVER.tmp" \
    -L "$RDKAFKA_DIR" -lrdkafka -Wl,-rpath,'$ORIGIN/../'"$RDKAFKA_DIR"; then
    rm -f "$DRIVER.tmp" "$DRIVER" # no stale driver for the tests to pick up
    echo "compat/clients: compiling the share driver ($DRIVER_SRC) failed" >&2
    exit 1
  fi
  mv "$DRIVER.tmp" "$DRIVER"
  echo "compat/clients: built the share driver ($DRIVER)"
}

STAMP=node_modules/.minikafka-built
LOCK_HASH="$(sha256sum package-lock.json | cut -d' ' -f1)"
ADDON=node_modules/@confluentinc/kafka-javascript/build/Release/confluent-kafka-javascript.node
if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$LOCK_HASH" ] && [ -f "$ADDON" ]; then
  echo "compat/clients: already built for this lockfile, skipping"
  build_share_driver
  exit 0
fi

DEV_PACKAGES="zlib1g-dev libssl-dev libzstd-dev liblz4-dev libsasl2-dev libcurl4-openssl-dev"
missing=""
for pkg in $DEV_PACKAGES; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing="$missing $pkg"
done
if [ -n "$missing" ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "compat/clients: missing build packages:$missing; run this script as root or apt-get install them" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # shellcheck disable=SC2086 # word splitting intended: one argument per package
  apt-get install -y -qq $missing >/dev/null
fi

rm -f "$STAMP"
CKJS_LINKING=dynamic npm ci --no-audit --no-fund
if [ ! -f "$ADDON" ]; then
  echo "compat/clients: npm ci finished but $ADDON was not built (were install scripts skipped?)" >&2
  exit 1
fi
echo "$LOCK_HASH" > "$STAMP"
echo "compat/clients: built @confluentinc/kafka-javascript"
build_share_driver
