#!/bin/sh
# Janus 1.1.2 from Debian, for `LoadTest janus` / `LoadTest compare` (not needed by the tests).
set -e
if ! command -v janus >/dev/null 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq janus >/dev/null
fi
if ! command -v ffmpeg >/dev/null 2>&1; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ffmpeg >/dev/null
fi
