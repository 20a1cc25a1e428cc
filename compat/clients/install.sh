#!/usr/bin/env bash
# Builds the native clients the compatibility suite drives (Confluent's @confluentinc/kafka-javascript).
# No prebuilt binary fits here, so its bundled librdkafka is compiled from source, linked against the
# system's compression/TLS/SASL libraries (CKJS_LINKING=dynamic: the default static build downloads
# them and fails offline). Takes minutes, so a stamp file skips it when the locked build is present.
set -euo pipefail
cd "$(dirname "$0")"

STAMP=node_modules/.minikafka-built
LOCK_HASH="$(sha256sum package-lock.json | cut -d' ' -f1)"
ADDON=node_modules/@confluentinc/kafka-javascript/build/Release/confluent-kafka-javascript.node
if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$LOCK_HASH" ] && [ -f "$ADDON" ]; then
  echo "compat/clients: already built for this lockfile, skipping"
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
