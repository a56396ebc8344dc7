"""Chinese must render in the bundled font even on a PC without any CJK font.

A child process gets a fontconfig that knows no font directory at all, so only the font the app
registers from resources/ can draw 党.
"""

import ast
import subprocess
import sys
from pathlib import Path

APP_DIR = Path(__file__).resolve().parents[2] / "app"

CHILD = r"""
import os
from PySide6.QtGui import QFontDatabase, QFontInfo, QFontMetrics
from PySide6.QtWidgets import QApplication, QLabel
from dangjian.ui.application import create_application
app = create_application()
label = QLabel("党组织设置")
info = QFontInfo(label.font())
print("family", info.family())
print("covers", all(QFontMetrics(label.font()).inFontUcs4(ord(c)) for c in "党组织设置确定取消"))
print("families", sorted(set(QFontDatabase.families())))
"""


def test_bundled_font_renders_chinese_with_system_fonts_hidden(tmp_path):
    conf = tmp_path / "fonts.conf"
    conf.write_text(
        f'<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd">'
        f"<fontconfig><cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>",
        encoding="utf-8",
    )
    env = {"PYTHONPATH": str(APP_DIR), "QT_QPA_PLATFORM": "offscreen", "FONTCONFIG_FILE": str(conf),
           "HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path / "data"), "PATH": "/usr/bin:/bin"}
    result = subprocess.run([sys.executable, "-c", CHILD], capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 0, result.stderr
    lines = dict(line.split(" ", 1) for line in result.stdout.splitlines())
    assert lines["family"] == "WenQuanYi Micro Hei"
    assert lines["covers"] == "True"
    families = ast.literal_eval(lines["families"])
    real = [f for f in families if f not in {"Monospace", "Sans Serif", "Serif"}]  # fontconfig aliases
    assert real == ["WenQuanYi Micro Hei", "WenQuanYi Micro Hei Mono"], families
