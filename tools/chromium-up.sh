#!/usr/bin/env bash
# Make Debian's Chromium available to the browser tests (idempotent). Playwright drives it
# through `executable_path`: its own browser download is not used.
set -euo pipefail
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" -ne 0 ]; then echo "chromium-up: chromium is not installed (need root to install it)" >&2; exit 1; fi
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
fi
echo "chromium-up: $(chromium --version)"
