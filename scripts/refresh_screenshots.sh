#!/usr/bin/env bash
# Refresh docs/screenshots from the readability run (tests/ui/readable_run.py, the run
# tests/ui/test_readable.py checks): the demo walked in English and Japanese, every page
# at 1280x800 in the light and the dark theme. Refuses to write anything when that run
# finds cut-off text or (in Japanese) English. Without a display it starts the private
# Xvfb of scripts/with-test-services.sh.
#   bash scripts/refresh_screenshots.sh
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${DISPLAY:-}" ]; then
  exec bash scripts/with-test-services.sh bash "$0" "$@"
fi
BIN=${BIN:-.venv/bin}
# The pictures the README shows, and a few more: <page>[_tab<N>]_<lang>[_dark].png (cold_tab1:
# the Cold storage page's Ethereum tab).
KEEP="overview_en trading_en cold_en cold_tab1_en risk_en advice_en psbt_en settings_en
      overview_ja trading_ja cold_ja cold_tab1_ja risk_ja advice_ja psbt_ja risk_en_dark advice_ja_dark"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for lang in en ja; do
  QT_QPA_PLATFORM=xcb PYTHONPATH=. "$BIN/python" -m tests.ui.readable_run "$lang" "$work/$lang.json" "$work/shots"
  "$BIN/python" - "$work/$lang.json" <<'PY'
import json, sys
found = json.load(open(sys.argv[1], encoding="utf-8"))
problems = found["sizes"] + found["clipped"] + found["english"]
if problems:
    sys.exit("refresh_screenshots: the run found unreadable text, nothing written:\n" + "\n".join(problems))
PY
done
mkdir -p docs/screenshots
rm -f docs/screenshots/*.png
for name in $KEEP; do
  cp "$work/shots/$name.png" "docs/screenshots/$name.png"
done
echo "refresh_screenshots: wrote $(echo $KEEP | wc -w) pictures to docs/screenshots"
