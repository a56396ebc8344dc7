#!/usr/bin/env bash
# Smoke test of a built bundle (Linux):  packaging/smoke_test.sh dist/dangjian-desk
#
# Runs the frozen executables only — no Python from the checkout is imported by them. Checks:
#   1. every bundled library resolves (ldd: nothing "not found" — a missing system package shows here)
#   2. `dangjian --version` prints the package's version
#   3. `dangjian demo --members 2000`, then `dangjian check --json` reports integrity ok
#   4. every registered report kind exports to PDF: A4 pages, Chinese text, WenQuanYi embedded (pdffonts)
#      (a kind that needs a course/activity is SKIPPED, visibly, while the demo has none)
#   5. a database at the first schema revision is upgraded by the frozen alembic, with a backup first,
#      and the data put in at that revision survives
#   6. the GUI starts offscreen and quits cleanly (DANGJIAN_QUIT_AFTER_MS), also with every system font
#      hidden (FONTCONFIG_FILE without font dirs), and under Xvfb on the real xcb platform if xvfb-run exists
# Needs: poppler-utils (pdfinfo, pdffonts, pdftotext), sqlite3, and a Python with the project's
# dependencies for writing the old-revision fixture (BUILD_PYTHON, default .venv-build/bin/python).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUNDLE=$(cd "${1:?usage: smoke_test.sh BUNDLE_DIR}" && pwd)
BUILD_PYTHON=${BUILD_PYTHON:-$ROOT/.venv-build/bin/python}
CLI=$BUNDLE/dangjian
GUI=$BUNDLE/dangjian-desk
VERSION=$(sed -n 's/^__version__ = "\(.*\)"/\1/p' "$ROOT/app/dangjian/__init__.py")

WORK=$(mktemp -d /tmp/dangjian-smoke.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
# The bundle must never touch the real user's data or settings.
export HOME=$WORK/home XDG_DATA_HOME=$WORK/data XDG_CONFIG_HOME=$WORK/config XDG_CACHE_HOME=$WORK/cache
export QT_QPA_PLATFORM=offscreen
unset DANGJIAN_DB DANGJIAN_QUIT_AFTER_MS
DB=$WORK/demo.db

step() { printf '== %s\n' "$*"; }
fail() { printf 'FAIL: %s\n' "$*" >&2; exit 1; }

step "libraries resolve"
missing=$(find "$BUNDLE" -type f \( -name '*.so*' -o -name dangjian -o -name dangjian-desk \) -print0 |
  LD_LIBRARY_PATH=$BUNDLE/_internal xargs -0 ldd 2>/dev/null | grep "not found" | sort -u || true)
[ -z "$missing" ] || fail "libraries not found (install the packages build-deb.sh lists in Depends):
$missing"
[ -f "$BUNDLE/_internal/PySide6/Qt/translations/qtbase_zh_CN.qm" ] || fail "qtbase_zh_CN.qm missing"

step "dangjian --version"
[ "$("$CLI" --version)" = "街道党建工作台 $VERSION" ] || fail "version is not $VERSION: $("$CLI" --version)"

step "dangjian demo --members 2000"
"$CLI" --db "$DB" demo --members 2000 >"$WORK/demo.out"

step "dangjian check --json"
"$CLI" --db "$DB" check --json >"$WORK/check.json" || fail "check exited $?: $(cat "$WORK/check.json")"
grep -q '"integrity": "ok"' "$WORK/check.json" || fail "integrity: $(cat "$WORK/check.json")"

step "export every report kind to PDF"
# The registry names every kind in its refusal of an unknown one: "不支持的报表类型“?”，可选：a、b、c".
kinds=$("$CLI" --db "$DB" export '?' "$WORK/none.pdf" 2>&1 >/dev/null | sed -n 's/.*可选：//p' | tr '、' ' ' || true)
[ -n "$kinds" ] || fail "could not list the report kinds"
for kind in $kinds; do
  pdf=$WORK/$kind.pdf
  if ! "$CLI" --db "$DB" export "$kind" "$pdf" >/dev/null 2>"$WORK/err"; then
    # Kinds that print one course/activity say which option they need; take one from the demo.
    case "$(cat "$WORK/err")" in
      *--course*) extra=(--course "$(sqlite3 "$DB" 'SELECT min(id) FROM courses')") ;;
      *--activity*) extra=(--activity "$(sqlite3 "$DB" 'SELECT min(id) FROM activities' 2>/dev/null)") ;;
      *--remittance*) extra=(--remittance "$(sqlite3 "$DB" 'SELECT min(id) FROM dues_remittances' 2>/dev/null)") ;;
      *--project*) extra=(--project "$(sqlite3 "$DB" 'SELECT min(id) FROM service_projects' 2>/dev/null)") ;;
      *--year*) extra=(--year "$(date +%Y)") ;;
      *) fail "export $kind: $(cat "$WORK/err")" ;;
    esac
    if [ -z "${extra[1]}" ]; then  # e.g. no courses while the demo has no members to train
      echo "   $kind: SKIPPED, the demo database has nothing to pass as ${extra[0]}"
      continue
    fi
    "$CLI" --db "$DB" export "$kind" "$pdf" "${extra[@]}" >/dev/null 2>"$WORK/err" ||
      fail "export $kind ${extra[*]}: $(cat "$WORK/err")"
  fi
  size=$(pdfinfo "$pdf" | sed -n 's/^Page size: *//p')
  case "$size" in
    "595.276 x 841.89 pts (A4)" | "841.89 x 595.276 pts"*) ;;
    *) fail "$kind.pdf is not A4: $size" ;;
  esac
  # pdffonts columns from the right: object ID (2 fields), uni, sub, emb.
  pdffonts "$pdf" | awk '/WenQuanYi/ && $(NF-4) == "yes" {found=1} END {exit !found}' ||
    fail "$kind.pdf does not embed WenQuanYi: $(pdffonts "$pdf")"
  pdftotext "$pdf" "$WORK/$kind.txt"  # to a file: `| grep -q` would end pdftotext early (pipefail)
  grep -q '页' "$WORK/$kind.txt" || fail "$kind.pdf has no Chinese text"
  echo "   $kind.pdf: $(pdfinfo "$pdf" | sed -n 's/^Pages: *//p') page(s), WenQuanYi embedded"
done

step "upgrade a database from the first schema revision"
OLD_DIR=$WORK/old && mkdir -p "$OLD_DIR"
first=$(cd "$ROOT" && PYTHONPATH=app:. "$BUILD_PYTHON" - "$OLD_DIR/old.db" <<'EOF'
import sys
from dangjian.core.storage import migrate, revisions
from tests.migrations.seeders import SEEDERS

first = revisions.known_revisions()[0]
migrate.upgrade(sys.argv[1], target=first, backup=False)
SEEDERS[first](sys.argv[1])
print(first)
EOF
)
"$CLI" --db "$OLD_DIR/old.db" migrate >"$WORK/migrate.out"
grep -q "数据库已升级" "$WORK/migrate.out" || fail "migrate did not upgrade: $(cat "$WORK/migrate.out")"
ls "$OLD_DIR"/backups/*.db >/dev/null 2>&1 || fail "no backup was made before the upgrade"
"$CLI" --db "$OLD_DIR/old.db" info --json >"$WORK/info.json"
head=$(sed -n 's/.*"head": "\(.*\)".*/\1/p' "$WORK/info.json")
grep -q "\"revision\": \"$head\"" "$WORK/info.json" || fail "not at head $head: $(cat "$WORK/info.json")"
(cd "$ROOT" && PYTHONPATH=app:. "$BUILD_PYTHON" -c \
  "import sys; from tests.migrations.seeders import check_seeded; check_seeded(sys.argv[1], sys.argv[2])" \
  "$OLD_DIR/old.db" "$first") || fail "data written at revision $first did not survive the upgrade"
echo "   $first -> $head, backup: $(basename "$(ls "$OLD_DIR"/backups/*.db | head -1)")"

gui_starts() {  # gui_starts LABEL [ENV=VALUE...]: the GUI shows its window, then quits by itself
  local label=$1; shift
  env DANGJIAN_QUIT_AFTER_MS=0 "$@" timeout 120 "$GUI" --db "$DB" >"$WORK/gui.out" 2>&1 ||
    fail "GUI ($label) exited $?: $(cat "$WORK/gui.out")"
  ! grep -E "Traceback|Could not (load|find) the Qt platform" "$WORK/gui.out" || fail "GUI ($label) reported errors"
}

step "GUI starts offscreen and quits"
gui_starts offscreen

step "GUI starts with every system font hidden"
mkdir -p "$WORK/fonts"
printf '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig><cachedir>%s</cachedir></fontconfig>\n' \
  "$WORK/fonts/cache" >"$WORK/fonts/fonts.conf"
gui_starts "no system fonts" FONTCONFIG_FILE="$WORK/fonts/fonts.conf"

if command -v xvfb-run >/dev/null; then
  step "GUI starts under Xvfb (xcb platform)"
  gui_starts xcb QT_QPA_PLATFORM=xcb xvfb-run -a -s "-screen 0 1280x800x24"
else
  echo "   (xvfb-run not installed: xcb platform not tried)"
fi

echo "smoke test passed: $BUNDLE ($(du -sh "$BUNDLE" | cut -f1))"
