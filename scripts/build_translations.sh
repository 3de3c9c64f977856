#!/usr/bin/env bash
# Build the GUI's translations: refresh resources/translations/*.ts from the ui/ sources
# (pyside6-lupdate keeps existing translations and marks new strings unfinished), then
# compile each .ts to the .qm the app loads (pyside6-lrelease). Fails when a string has
# no translation, so an untranslated string cannot ship silently. No source locations in
# the .ts: line numbers change with every edit and would make every merge conflict.
#   bash scripts/build_translations.sh           update .ts and build .qm
#   bash scripts/build_translations.sh --no-update   build .qm from the .ts as committed
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-.venv/bin}
dir=resources/translations
mapfile -t sources < <(find ui -name '*.py' | sort; echo app/messages.py)  # app.messages: the advisor sentences
for ts in "$dir"/coldsplit_*.ts; do
  if [ "${1:-}" != "--no-update" ]; then
    "$BIN/pyside6-lupdate" -locations none -no-obsolete "${sources[@]}" -ts "$ts" >/dev/null
  fi
  if grep -q 'type="unfinished"' "$ts"; then
    echo "build_translations: $ts has untranslated strings:" >&2
    grep -B2 'type="unfinished"' "$ts" | grep '<source>' >&2 || true
    exit 1
  fi
  "$BIN/pyside6-lrelease" "$ts" -qm "${ts%.ts}.qm" >/dev/null
  echo "built ${ts%.ts}.qm"
done
