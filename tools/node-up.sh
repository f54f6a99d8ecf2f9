#!/usr/bin/env bash
# Make Node.js and npm available to bundle the page scripts (idempotent): Debian's packages
# when they are missing.
set -euo pipefail
if ! command -v npm >/dev/null 2>&1; then
  if [ "$(id -u)" -ne 0 ]; then echo "node-up: npm is not installed (need root to install Node.js and npm)" >&2; exit 1; fi
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
fi
