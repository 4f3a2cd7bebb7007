#!/usr/bin/env sh
# Browser tests drive Debian's Chromium (Playwright's own browser download does not
# work on these machines). Install it when missing and we may; otherwise say how.
if [ -n "${CHROMIUM_PATH:-}" ] || command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo -n"; else
    echo "Chromium is needed for the browser tests: install it (sudo apt-get install -y chromium) or set CHROMIUM_PATH." >&2
    exit 1
  fi
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "Chromium is needed for the browser tests: install it with your package manager or set CHROMIUM_PATH." >&2
  exit 1
fi
echo "Installing Chromium for the browser tests (apt-get install -y chromium)…"
$SUDO apt-get update -qq >/dev/null 2>&1 || true
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null || { echo "apt-get could not install chromium" >&2; exit 1; }
