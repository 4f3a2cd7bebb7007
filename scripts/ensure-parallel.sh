#!/usr/bin/env sh
# The scale-out test (tests/unit/cli/phase.test.ts) runs docs/scale-out.md's GNU
# parallel one-liner. Install Debian's `parallel` when missing and we may;
# otherwise say how (the test then fails with the same advice).
if command -v parallel >/dev/null 2>&1; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo -n"; else
    echo "GNU parallel is needed for the scale-out test: install it (sudo apt-get install -y parallel)." >&2
    exit 0
  fi
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "GNU parallel is needed for the scale-out test: install it with your package manager." >&2
  exit 0
fi
echo "Installing GNU parallel for the scale-out test (apt-get install -y parallel)…"
$SUDO apt-get update -qq >/dev/null 2>&1 || true
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq parallel >/dev/null || echo "apt-get could not install parallel" >&2
