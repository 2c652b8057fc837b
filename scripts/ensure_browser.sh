#!/usr/bin/env bash
# ensure_browser.sh : install Debian's chromium and chromium-driver for the web chat browser test,
# skipped when /usr/bin/chromedriver already exists. Needs root (or sudo) and apt-get.
set -euo pipefail
[ -x /usr/bin/chromedriver ] && exit 0
command -v apt-get >/dev/null || { echo "apt-get not found: install chromium and chromedriver yourself"; exit 1; }
as_root=()
[ "$(id -u)" = 0 ] || as_root=(sudo)
log=$(mktemp); trap 'rm -f "$log"' EXIT
echo "installing chromium and chromium-driver for the browser test..."
if ! { "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q \
       && "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
          chromium chromium-driver; } >"$log" 2>&1; then
  cat "$log"; exit 1
fi
[ -x /usr/bin/chromedriver ] || { echo "chromium-driver did not install /usr/bin/chromedriver"; exit 1; }
