"""Render the app's SVG icon to a square PNG or ICO (build time only; runs offscreen with PySide6).

    python packaging/render_icon.py resources/icons/dangjian.svg OUT.png|OUT.ico [SIZE]
"""

from __future__ import annotations

import os
import sys


def render(svg: str, out: str, size: int = 256) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication([])
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    QSvgRenderer(svg).render(painter)
    painter.end()
    if not image.save(out):
        raise SystemExit(f"could not write {out}")


if __name__ == "__main__":
    render(sys.argv[1], sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 256)
