"""Preview of a generated PDF with 打印 and 另存为PDF; reports are built off the GUI thread first."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from ...reports.engine.registry import ExportOptions, get_kind
from ..operations import Op

PRINT_DPI = 300  # enough for text; 600 dpi A4 pages would be 140 MB images each


class PdfPreviewDialog(QDialog):
    def __init__(self, parent: QWidget | None, pdf_path: Path, title: str):
        super().__init__(parent)
        self.pdf_path = Path(pdf_path)
        self.setWindowTitle(f"预览 — {title}")
        self.resize(900, 1000)
        self.document = QPdfDocument(self)
        self.document.load(str(self.pdf_path))
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.pages_label = QLabel(f"共 {self.document.pageCount()} 页")

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.print_button = buttons.addButton("打印…", QDialogButtonBox.ButtonRole.ActionRole)
        self.save_button = buttons.addButton("另存为PDF…", QDialogButtonBox.ButtonRole.ActionRole)
        self.print_button.clicked.connect(self.print_document)
        self.save_button.clicked.connect(self.save_as)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.pages_label)
        layout.addWidget(buttons)

    def save_as(self) -> None:
        target, _ = QFileDialog.getSaveFileName(self, "另存为PDF", str(Path.home() / self.pdf_path.name),
                                                "PDF 文件 (*.pdf)")
        if not target:
            return
        if not target.lower().endswith(".pdf"):
            target += ".pdf"
        try:
            shutil.copyfile(self.pdf_path, target)
        except OSError as exc:
            QMessageBox.warning(self, "未能保存", f"无法保存到 {target}：{exc.strerror or exc}")

    def print_document(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setResolution(PRINT_DPI)
        first = self.document.pagePointSize(0)
        landscape = first.width() > first.height()
        printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        printer.setPageOrientation(
            QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait
        )
        printer.setFullPage(True)
        printer.setFromTo(1, self.document.pageCount())
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle("打印")
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.render_to(printer)

    def render_to(self, printer: QPrinter) -> None:
        """Draw each page as an image scaled to the paper, keeping its aspect ratio."""
        first, last = printer.fromPage() or 1, printer.toPage() or self.document.pageCount()
        painter = QPainter()
        if not painter.begin(printer):
            QMessageBox.warning(self, "无法打印", "打印机不可用，请检查打印机设置。")
            return
        try:
            for number in range(first, last + 1):
                if number > first:
                    printer.newPage()
                points = self.document.pagePointSize(number - 1)
                scale = PRINT_DPI / 72
                image = self.document.render(number - 1, QSize(int(points.width() * scale),
                                                                int(points.height() * scale)))
                area = QRectF(painter.viewport())
                size = image.size().scaled(area.size().toSize(), Qt.AspectRatioMode.KeepAspectRatio)
                painter.drawImage(QRectF(QPointF(0, 0), size.toSizeF()), image)
        finally:
            painter.end()


def preview_export(parent: QWidget, kind: str, options: ExportOptions) -> Op:
    """Build the report in the background, then open the preview (non-modal)."""
    spec = get_kind(kind)
    folder = Path(tempfile.mkdtemp(prefix="dangjian-preview-"))
    target = folder / f"{spec.label}.pdf"

    def show(path: Path) -> None:
        dialog = PdfPreviewDialog(parent, path, spec.label)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _code: shutil.rmtree(folder, ignore_errors=True))
        dialog.show()

    from ...reports.engine.registry import run_export

    return (Op(parent, lambda ctx: run_export(ctx.db, kind, target, options, progress=ctx.progress))
            .with_progress(f"正在生成{spec.label}…").success(show).run_in_background())
