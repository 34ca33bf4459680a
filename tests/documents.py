"""Test documents made with the real tools: Chromium prints PDFs, python-docx writes Word files, pypdf encrypts."""

from __future__ import annotations

import html
import io
import subprocess
import tempfile
import zipfile
from pathlib import Path

from conftest import CHROMIUM, CHROMIUM_ARGS

POLICY_HTML = """<!doctype html><html><head><meta charset="utf-8"><title>Outsourcing Vendor Policy</title>
<style>body { font: 12pt serif; margin: 2cm } .new-page { break-before: page }</style></head><body>
<h1>Outsourcing Vendor Policy</h1>
<h2>Scope</h2>
<p>This policy covers every vendor that performs legal-assistant work for the firm. It applies to paralegal
support, document review and transcription services provided from any location.</p>
<p>Each vendor must sign the confidentiality agreement before receiving client files, and the supervising
attorney remains responsible for the vendor's work product.</p>
<h2 class="new-page">Data Handling</h2>
<p>Vendors encrypt client documents at rest and in transit. Access is limited to named vendor staff, and
access logs are kept for seven years.</p>
<h3>Breach Notice</h3>
<p>A vendor reports any suspected breach to the firm's general counsel within twenty-four hours of discovery.</p>
</body></html>
"""

WEB_PAGE_HTML = """<!doctype html><html><head><meta charset="utf-8">
<title>Bar Guidance on Outsourcing | Example State Bar</title></head><body>
<header><div class="logo">Example State Bar</div>
<nav><ul><li><a href="/">Home</a></li><li><a href="/ethics">Ethics opinions archive</a></li>
<li><a href="/cle">Continuing education calendar</a></li><li><a href="/join">Become a member today</a></li></ul></nav>
</header>
<div id="cookie-banner" class="cookie-consent">We use cookies to improve your browsing experience.
Accept all cookies or manage your cookie preferences.</div>
<main><article>
<h1>Bar Guidance on Outsourcing</h1>
<p>Lawyers may outsource legal-assistant work when they supervise it as they would supervise staff in their own
office. The duty of competence does not move to the vendor.</p>
<h2>Client Consent</h2>
<p>A lawyer should tell the client when confidential information will be shared with an outside provider, and
obtain informed consent where the client would reasonably expect to be asked.</p>
<ul><li>Explain which tasks the vendor performs.</li><li>Name the country where the work is done.</li></ul>
<h2>Billing</h2>
<h3>Cost Pass-Through</h3>
<p>Outsourced work billed to a client may not carry a surcharge beyond the actual cost plus reasonable overhead,
unless the client agrees in writing.</p>
</article></main>
<footer><p>Copyright 2026 Example State Bar. All rights reserved. Privacy policy. Terms of use.</p>
<p>Follow the bar on social media for membership updates.</p></footer>
</body></html>
"""
# Text of the page's navigation, banner and footer: none of it may reach the index.
WEB_PAGE_BOILERPLATE = [
    "Ethics opinions archive",
    "Continuing education calendar",
    "Become a member today",
    "We use cookies",
    "cookie preferences",
    "All rights reserved",
    "social media",
]

NAV_ONLY_HTML = """<!doctype html><html><head><title>Contact</title></head><body>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/about">About us</a></li></ul></nav></header>
<div class="cookie-banner">We use cookies. Accept all.</div>
<footer><p>Copyright 2026 Example LLP. All rights reserved.</p></footer></body></html>
"""


def print_pdf(page_html: str, out: Path) -> Path:
    """Print an HTML page to PDF with headless Chromium (real page breaks, an outline from the headings)."""
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "page.html"
        src.write_text(page_html, encoding="utf-8")
        cmd = [
            CHROMIUM,
            *CHROMIUM_ARGS,
            "--no-pdf-header-footer",
            "--generate-pdf-document-outline",
            f"--user-data-dir={tmp}/profile",
            f"--print-to-pdf={out}",
            src.as_uri(),
        ]
        subprocess.run(cmd, check=True, capture_output=True, timeout=180)
    assert out.stat().st_size > 0
    return out


def write_docx(out: Path) -> Path:
    """An engagement letter written by python-docx with Title, Heading 1/2 styles, a list and a table."""
    import docx

    d = docx.Document()
    d.core_properties.title = "Engagement Letter for Outsourced Paralegal Services"
    d.add_paragraph("Engagement Letter for Outsourced Paralegal Services", style="Title")
    d.add_paragraph("This letter sets out how the firm engages an outside paralegal provider.")
    d.add_heading("Services", level=1)
    d.add_paragraph("The provider drafts discovery responses and prepares deposition summaries for the firm.")
    d.add_heading("Turnaround", level=2)
    d.add_paragraph(
        "Routine deposition summaries are delivered within three business days of receiving the transcript."
    )
    d.add_heading("Fees", level=1)
    d.add_paragraph("The firm pays the provider a flat monthly retainer, invoiced in arrears.")
    d.add_heading("Late Payment", level=2)
    d.add_paragraph("Invoices unpaid after forty-five days accrue interest at one percent per month.")
    d.add_paragraph("The provider may suspend new assignments.", style="List Bullet")
    d.add_paragraph("The provider must still finish work in progress.", style="List Bullet")
    table = d.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Service", "Monthly retainer"
    table.cell(1, 0).text, table.cell(1, 1).text = "Deposition summaries", "2,400 dollars"
    d.save(out)
    return out


def write_web_page(out: Path, page_html: str = WEB_PAGE_HTML) -> Path:
    """A saved web page, as a browser's "Save page as HTML only" leaves it."""
    out.write_text(page_html, encoding="utf-8")
    return out


def long_report_html(pages: int) -> str:
    """A report with one section per page (each headed, so the outline has an entry per page)."""
    parts = [
        "<!doctype html><html><head><meta charset='utf-8'><title>Vendor Audit Report</title>",
        "<style>body{font:11pt serif;margin:2cm} section{break-after:page}</style></head><body>",
        "<h1>Vendor Audit Report</h1>",
    ]
    for n in range(1, pages + 1):
        parts.append(
            f"<section><h2>Audit Finding {n}</h2>"
            f"<p>Audit finding {n} concerns vendor site {n}. The reviewer checked access logs, staff training records "
            f"and the confidentiality agreements signed by each paralegal assigned to matters at site {n}.</p>"
            f"<p>Remediation for finding {n} is due within {n % 9 + 2} weeks of the audit date.</p></section>"
        )
    parts.append("</body></html>")
    return "\n".join(parts)


def encrypt_pdf(src: Path, out: Path, password: str = "s3cret") -> Path:
    """A copy of a real PDF that needs a user password to open (pypdf, AES-256)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(src))
    writer.encrypt(user_password=password, owner_password=password + "-owner", algorithm="AES-256")
    with out.open("wb") as fh:
        writer.write(fh)
    return out


def scanned_pdf(out: Path) -> Path:
    """A PDF holding only a picture of text, as a scanner makes it (Pillow draws the page and saves the PDF)."""
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (1240, 1754), "white")
    draw = ImageDraw.Draw(img)
    for i in range(20):
        draw.text((100, 100 + 60 * i), "Scanned contract clause, no text layer.", fill="black")
    img.save(out, "PDF", resolution=150)
    return out


def truncated_pdf(src: Path, out: Path) -> Path:
    """The first 60% of a real PDF's bytes, as an interrupted download leaves it."""
    raw = src.read_bytes()
    out.write_bytes(raw[: len(raw) * 6 // 10])
    return out


def corrupt_pdf(src: Path, out: Path) -> Path:
    """A real PDF with its body overwritten by noise but its header and end marker intact."""
    raw = bytearray(src.read_bytes())
    a, b = len(raw) // 10, len(raw) * 9 // 10
    raw[a:b] = bytes((i * 37 + 11) % 251 for i in range(b - a))
    out.write_bytes(bytes(raw))
    return out


def fake_docx(out: Path) -> Path:
    """A zip archive of something else (a text file and a picture) saved with a .docx name."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("notes.txt", "Meeting notes about the vendor.")
        z.writestr("photos/site.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 64)
    out.write_bytes(buf.getvalue())
    return out


def words_of(page_html: str) -> str:
    """The visible words of an HTML snippet, whitespace folded, for comparing with extracted text."""
    import re

    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page_html)).split())


def page_spanning_html() -> str:
    """A paragraph pushed to the foot of page 1 by a spacer, so Chromium breaks it across pages 1 and 2."""
    sentences = " ".join(
        f"Clause {n} of the outsourcing agreement obliges the vendor to keep every client file it handles in "
        f"encrypted storage and to log each access by name, date and matter number."
        for n in range(1, 13)
    )
    return (
        "<!doctype html><html><head><meta charset='utf-8'><title>Master Services Agreement</title>"
        "<style>body{font:12pt serif;margin:2cm}</style></head><body><h1>Master Services Agreement</h1>"
        "<div style='height:19cm'></div>"
        f"<p>{sentences}</p><p>The agreement ends on ninety days' written notice.</p></body></html>"
    )
