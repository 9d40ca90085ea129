#!/usr/bin/env bash
# Installs the Debian packages the test suite needs, only when one is missing.
#   poppler-utils         pdftoppm/pdftotext for the PDF tests
#   kannel, kannel-extras bearerbox + smsbox, and fakesmsc (/usr/lib/kannel/test/fakesmsc) for the
#                         @pytest.mark.kannel tests (the package's own system service is not used;
#                         in a container its start is refused by policy-rc.d, which is fine)
#   chromium              headless browser for tests/telegram/test_chat_page_in_browser.py
# `install-system-deps.sh bench` adds wrk, the HTTP load generator of bench/bench_sms.py.
set -euo pipefail
needed=(poppler-utils kannel kannel-extras chromium)
[ "${1:-}" = "bench" ] && needed+=(wrk)
missing=()
for pkg in "${needed[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "Installing system packages: ${missing[*]}"
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
