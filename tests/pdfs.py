"""PDFs written in code for tests: ruled tables drawn page by page with reportlab's canvas.

Each page is given as the rows its table shows (the header repeated, or a row's remainder
after a page break, exactly as a test wants them), with optional title and footer lines, so
a test says precisely what NHS England's PDF would carry on each page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen import canvas

LINE = 11  # points between lines of text in a cell
PAD = 4


@dataclass
class Page:
    rows: list[list[str]] = field(default_factory=list)  # a cell's lines are separated by "\n"
    title: list[str] = field(default_factory=list)  # lines above the table
    footer: str = ""  # a line at the foot of the page


def write_pdf(path: Path, pages: list[Page], widths: list[float] | None = None) -> Path:
    """Draw each page's table as a grid of ruled cells (as Word and Excel print them)."""
    size = landscape(A4)
    pdf = canvas.Canvas(str(path), pagesize=size, invariant=1)
    pdf.setTitle("Test register")
    for page in pages:
        top = size[1] - 40
        pdf.setFont("Helvetica-Bold", 14)
        for line in page.title:
            pdf.drawString(40, top, line)
            top -= 20
        pdf.setFont("Helvetica", 9)
        columns = max((len(r) for r in page.rows), default=0)
        col_widths = widths or [(size[0] - 80) / max(columns, 1)] * columns
        y = top - 10
        for row in page.rows:
            height = max(len(cell.split("\n")) for cell in row) * LINE + 2 * PAD
            x = 40
            for width, cell in zip(col_widths, row, strict=False):
                pdf.rect(x, y - height, width, height, stroke=1, fill=0)
                for n, text in enumerate(cell.split("\n")):
                    if text:
                        pdf.drawString(x + PAD, y - PAD - LINE * (n + 1) + 3, text)
                x += width
            y -= height
        if page.footer:
            pdf.drawString(40, 25, page.footer)
        pdf.showPage()
    pdf.save()
    return path
