#!/usr/bin/env bash
# Build dangjian-desk_<version>_amd64.deb from the PyInstaller bundle (Linux, needs dpkg-deb):
#
#     packaging/build-deb.sh [BUNDLE_DIR (dist/dangjian-desk)] [OUT_DIR (dist)]
#
# Installs the bundle under /opt/dangjian-desk, `dangjian` (CLI) and `dangjian-desk` (GUI) in /usr/bin,
# a menu entry and the icon. No maintainer scripts: dpkg's own triggers refresh the menu and icon caches,
# and nothing the package does can reach a user's data (~/.local/share/dangjian-desk stays on removal
# and purge; the app backs the database up itself before upgrading its schema).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUNDLE=$(cd "${1:-$ROOT/dist/dangjian-desk}" && pwd)
OUT=$(mkdir -p "${2:-$ROOT/dist}" && cd "${2:-$ROOT/dist}" && pwd)
BUILD_PYTHON=${BUILD_PYTHON:-$ROOT/.venv-build/bin/python}  # PySide6, to render the PNG icon
PKG=dangjian-desk
VERSION=$("$BUNDLE/dangjian" --version | awk '{print $NF}')  # the version the bundle itself reports

STAGE=$(mktemp -d /tmp/dangjian-deb.XXXXXX)
trap 'rm -rf "$STAGE"' EXIT
chmod 755 "$STAGE"
umask 022

mkdir -p "$STAGE/opt" "$STAGE/usr/bin" "$STAGE/usr/share/applications" "$STAGE/usr/share/doc/$PKG" \
  "$STAGE/usr/share/icons/hicolor/scalable/apps" "$STAGE/usr/share/icons/hicolor/256x256/apps" "$STAGE/DEBIAN"
cp -a "$BUNDLE" "$STAGE/opt/$PKG"
chmod -R u+rwX,go+rX,go-w "$STAGE/opt/$PKG"
find "$STAGE/opt/$PKG/_internal" -type f -name '*.so*' -exec chmod 644 {} +  # libraries are not programs
# Symlinks: PyInstaller's bootloader finds its _internal folder through /proc/self/exe.
ln -s "/opt/$PKG/dangjian" "$STAGE/usr/bin/dangjian"
ln -s "/opt/$PKG/dangjian-desk" "$STAGE/usr/bin/dangjian-desk"

install -m 644 "$ROOT/resources/icons/dangjian.svg" "$STAGE/usr/share/icons/hicolor/scalable/apps/$PKG.svg"
"$BUILD_PYTHON" "$ROOT/packaging/render_icon.py" "$ROOT/resources/icons/dangjian.svg" \
  "$STAGE/usr/share/icons/hicolor/256x256/apps/$PKG.png" 256
chmod 644 "$STAGE/usr/share/icons/hicolor/256x256/apps/$PKG.png"

cat >"$STAGE/usr/share/applications/$PKG.desktop" <<EOF
[Desktop Entry]
Type=Application
Name=街道党建工作台
Name[zh_CN]=街道党建工作台
GenericName=Party office records
GenericName[zh_CN]=党建工作管理
Comment=党组织、党员、经费、培训与报表的离线管理
Exec=/usr/bin/dangjian-desk
Icon=$PKG
Terminal=false
Categories=Office;
Keywords=党建;党员;党组织;dangjian;
StartupWMClass=dangjian
EOF

cat >"$STAGE/usr/share/doc/$PKG/copyright" <<EOF
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: $PKG

Files: *
License: Proprietary (街道党建工作台)

Files: opt/$PKG/_internal/dangjian/resources/fonts/*
License: GPL-2 with font embedding exception (WenQuanYi Micro Hei; full text beside the font)

Files: opt/$PKG/_internal/PySide6/* opt/$PKG/_internal/shiboken6/*
License: LGPL-3 (Qt for Python and Qt libraries; https://www.qt.io/licensing)
EOF

# glibc floor = the newest GLIBC_x.y symbol version any bundled binary needs (the PySide6 wheel needs 2.34;
# libpython and libstdc++ copied from the build machine can need more: build on the oldest target).
glibc=$(find "$STAGE/opt/$PKG" -type f \( -name '*.so*' -o -name dangjian -o -name dangjian-desk \) \
  -exec objdump -T {} + 2>/dev/null | grep -oE 'GLIBC_[0-9]+\.[0-9]+' | sort -uV | tail -1 | cut -d_ -f2)
depends="libc6 (>= $glibc)$(grep -v '^#' "$ROOT/packaging/linux-runtime-libs.txt" | sed 's/^/, /' | tr -d '\n')"

cat >"$STAGE/DEBIAN/control" <<EOF
Package: $PKG
Version: $VERSION
Architecture: amd64
Maintainer: 街道党建工作台 <dangjian-desk@localhost>
Installed-Size: $(du -sk "$STAGE" --exclude=DEBIAN | cut -f1)
Depends: $depends
Section: misc
Priority: optional
Description: 街道党建工作台 — offline records for street-level Party offices
 党组织设置、党员花名册、经费预算与支出、培训学时和各类报表；
 数据保存在本机 SQLite 文件中，无需联网。
 .
 Organisations, member rosters, budgets, training hours and printable reports
 on a local SQLite database; works without a network.
 Commands: dangjian-desk (window), dangjian (command line).
EOF

deb="$OUT/${PKG}_${VERSION}_amd64.deb"
dpkg-deb --root-owner-group -Zgzip --build "$STAGE" "$deb" >/dev/null
echo "$deb ($(du -h "$deb" | cut -f1); needs glibc >= $glibc)"
