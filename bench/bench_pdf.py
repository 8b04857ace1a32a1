"""PDF reading speed: pages a second of the PDF reader, with PDFium (compiled) and with pdfminer.six (pure
Python), on a multi-page PDF that LibreOffice prints from the bundled samples (one-column and two-column
sections, a running head and a footer on every page).

Why: a batch over an archive of PDFs spends its time in the reader; pdfminer does its layout analysis in
Python at about 5 pages a second. Both readers are timed in the same rounds, one after the other, so the
ratio holds under the load of a shared machine; the figures are pages per second of one process (one core),
by the clock and by the process's CPU time (which the load of other processes changes less).

    .venv/bin/python bench/bench_pdf.py [--rounds 5] [--copies 4] [--pdf some.pdf]

Figures: docs/benchmarks.md
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from paired import timed

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ["news-sample.txt", "newsletter-sample.txt", "wiki-sample.txt", "editor-issue.txt"]


def sample_pdf(folder: Path, copies: int = 6) -> Path:
    """A Word file of the samples' paragraphs, ``copies`` times over, every second copy in two columns,
    with a running head and a footer, printed to PDF by LibreOffice."""
    import docx
    from docx.enum.section import WD_SECTION
    from docx.oxml.ns import qn

    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        raise SystemExit("LibreOffice is needed to print the sample PDF")
    d = docx.Document()
    d.sections[0].header.paragraphs[0].text = "중국 산업 주간 동향 제195호"
    d.sections[0].footer.paragraphs[0].text = "KIC 중국 뉴스레터"
    text = "\n".join((ROOT / "data" / "samples" / name).read_text(encoding="utf-8") for name in SAMPLES)
    for copy in range(copies):
        section = d.sections[-1] if copy == 0 else d.add_section(WD_SECTION.NEW_PAGE)
        cols = section._sectPr.find(qn("w:cols"))
        if cols is None:
            cols = section._sectPr.makeelement(qn("w:cols"), {})
            section._sectPr.append(cols)
        cols.set(qn("w:num"), str(1 + copy % 2))
        for para in text.split("\n"):
            if para.strip():
                d.add_paragraph(para)
    source = folder / "samples.docx"
    d.save(str(source))
    subprocess.run([office, "--headless", "--convert-to", "pdf", "--outdir", str(folder), str(source)],
                   capture_output=True, timeout=600, check=True)
    return folder / "samples.pdf"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--copies", type=int, default=6)
    ap.add_argument("--pdf", type=Path, help="time this PDF instead of the samples' one")
    args = ap.parse_args()
    from glossary.extraction import pdf

    with tempfile.TemporaryDirectory() as tmp:
        path = args.pdf or sample_pdf(Path(tmp), args.copies)
        import pypdfium2

        pages = len(pypdfium2.PdfDocument(str(path)))
        same = pdf.pdf_lines(path, engine="pdfium") == pdf.pdf_lines(path, engine="pdfminer")
        print(f"{path.name}: {pages} pages; the same lines from both readers: {same}")
        rates: dict[str, list[float]] = {"pdfium": [], "pdfminer": []}
        cpu_rates: dict[str, list[float]] = {"pdfium": [], "pdfminer": []}
        for _ in range(args.rounds):
            for engine in rates:  # interleaved: both readers see the same moment of the machine's load
                cpu = time.process_time()
                seconds, _ = timed(lambda e=engine: pdf.pdf_lines(path, engine=e))
                rates[engine].append(pages / seconds)
                cpu_rates[engine].append(pages / (time.process_time() - cpu))
        for engine, values in rates.items():
            print(f"{engine:9s} {statistics.median(values):7.1f} pages/s median "
                  f"({min(values):.1f} … {max(values):.1f} over {len(values)} rounds); "
                  f"{statistics.median(cpu_rates[engine]):.1f} pages per CPU second")
        ratios = [a / b for a, b in zip(rates["pdfium"], rates["pdfminer"])]
        print(f"pdfium / pdfminer: {statistics.median(ratios):.1f}× median "
              f"({min(ratios):.1f} … {max(ratios):.1f})")


if __name__ == "__main__":
    main()
