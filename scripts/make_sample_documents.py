"""Write the bundled Word copy of the editors' test issue: data/documents/editor-issue.docx.

The README's editor recipe annotates a .docx, the format editors work in, so one must come with the
project. It is made from data/samples/editor-issue.txt, one paragraph per line (empty lines included), so
a finding's line in the .docx is its line in the .txt. It lives outside data/samples because commands
given that folder read every document in it, and a second copy of the issue would count its names twice.

    python scripts/make_sample_documents.py
"""

from __future__ import annotations

from pathlib import Path

import docx

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "data" / "samples" / "editor-issue.txt"
TARGET = ROOT / "data" / "documents" / "editor-issue.docx"


def main() -> None:
    document = docx.Document()
    for line in SOURCE.read_text(encoding="utf-8").splitlines():
        document.add_paragraph(line)
    document.core_properties.author = "kozh-glossary"
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(TARGET))
    print(f"wrote {TARGET.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
