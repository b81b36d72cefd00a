#!/usr/bin/env bash
# Installs what the tests need on a fresh Debian machine, skipping whatever is already there.
set -euo pipefail

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v ffmpeg >/dev/null 2>&1 || need+=(ffmpeg)
# coturn: the TURN relay test starts its own turnserver on loopback (the package's system service stays disabled).
[ -x /usr/bin/turnserver ] || need+=(coturn)
[ -e /usr/lib/x86_64-linux-gnu/libsrtp2.so.1 ] || [ -e /usr/lib/aarch64-linux-gnu/libsrtp2.so.1 ] || need+=(libsrtp2-1)
command -v ip >/dev/null 2>&1 || need+=(iproute2)
# openssl with Debian's GOST engine: the CMS e-signature interop tests sign and verify with it (GOST R 34.10-2012),
# and it checks the ESIA-style GOST client secret independently.
command -v openssl >/dev/null 2>&1 || need+=(openssl)
dpkg -s libengine-gost-openssl >/dev/null 2>&1 || need+=(libengine-gost-openssl)
command -v unshare >/dev/null 2>&1 || need+=(util-linux)
command -v node >/dev/null 2>&1 || need+=(nodejs)
command -v npm >/dev/null 2>&1 || need+=(npm)

if [ ${#need[@]} -gt 0 ]; then
  echo "Installing: ${need[*]}"
  if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi

# werift, an independent WebRTC stack in TypeScript, for the WHIP/WHEP interop test (tests/interop/werift), installed
# from the project's own lock file. Runs here, before the tests enter their loopback-only network namespace; again
# only when the lock file is newer than the last install.
werift="$(cd "$(dirname "$0")/.." && pwd)/tests/interop/werift"
if [ ! -e "$werift/node_modules/.package-lock.json" ] || [ "$werift/package-lock.json" -nt "$werift/node_modules/.package-lock.json" ]; then
  echo "Installing npm packages in tests/interop/werift"
  npm ci --prefix "$werift" --no-audit --no-fund --loglevel=error
fi
