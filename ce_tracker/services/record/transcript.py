"""The credit record as files a member keeps: a CSV for spreadsheets and a PDF transcript (R000-10).

Both are made from the same ``CreditRecord`` the record page shows, so the
three can never disagree.
"""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from ce_tracker import formatting as fmt
from ce_tracker.services import spreadsheets
from ce_tracker.services.events.certificate_pdf import _latin1
from ce_tracker.services.letterhead import draw_logo
from ce_tracker.services.record.credit_record import CreditRecord

CSV_COLUMNS = ("Activity", "Category", "Starts", "Ends", "Hours", "How obtained", "Counts", "Why not")


def record_csv(record: CreditRecord) -> str:
    """The record's lines for a spreadsheet, every cell guarded (a title or a category could read as a formula)."""
    return spreadsheets.csv_text(CSV_COLUMNS, ([
        line.title, line.category or "", line.starts_on.isoformat(), line.completed_on.isoformat(),
        f"{line.hours:f}", line.source, "yes" if line.counts else "no", line.why_not] for line in record.lines))


def _table_row(pdf: FPDF, cells: list[tuple[str, float]], style: str = "") -> None:
    pdf.set_font("Helvetica", style, 9)
    height = 5
    lines = max(len(pdf.multi_cell(w, height, _latin1(text), dry_run=True, output="LINES")) for text, w in cells)
    if pdf.get_y() + lines * height > pdf.page_break_trigger:
        pdf.add_page()
    top, left = pdf.get_y(), pdf.l_margin
    for text, width in cells:
        pdf.set_xy(left, top)
        pdf.multi_cell(width, height, _latin1(text), border="B", max_line_height=height,
                       new_x=XPos.RIGHT, new_y=YPos.TOP)
        left += width
    pdf.set_xy(pdf.l_margin, top + lines * height + 1)


def record_pdf(record: CreditRecord, *, member_name: str, member_number: str, society_name: str,
               logo: Path | None = None) -> bytes:
    pdf = FPDF(format="Letter")
    pdf.set_auto_page_break(True, margin=18)
    pdf.add_page()
    if draw_logo(pdf, logo, x=pdf.l_margin, y=pdf.t_margin, height=12):
        pdf.set_y(pdf.t_margin + 14)
    pdf.set_font("Helvetica", "B", 16)
    pdf.cell(0, 9, _latin1(f"{society_name}: CE credit transcript"), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font("Helvetica", "", 11)
    for text in (f"{member_name} (member ID {member_number})",
                 f"{record.program_name}, term {fmt.day(record.term_starts_on)} to {fmt.day(record.term_ends_on)}",
                 f"Counted {fmt.hours(record.standing.counted_total)} of "
                 f"{fmt.hours(record.standing.program.total_hours)} hours; "
                 + ("enough to renew." if record.standing.may_renew else "not yet enough to renew."),
                 f"As of {fmt.day(record.today)}"):
        pdf.cell(0, 6, _latin1(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(3)
    widths = [("Category", 40.0), ("Earned", 25.0), ("Counted", 25.0), ("Limits", 50.0), ("Still needed", 35.0)]
    _table_row(pdf, list(widths), "B")
    for c in record.standing.categories.values():
        limits = f"{fmt.hours(c.min_hours)} to {fmt.hours(c.max_hours)} h" if c.max_hours is not None else "optional"
        _table_row(pdf, [(c.name, 40), (f"{fmt.hours(c.earned)} h", 25), (f"{fmt.hours(c.counted)} h", 25),
                         (limits, 50), (f"{fmt.hours(c.shortfall)} h" if c.shortfall else "-", 35)])
    for group in record.standing.program.groups:
        pdf.set_font("Helvetica", "", 9)
        pdf.cell(0, 6, _latin1(f"{group.name} together: {fmt.hours(record.standing.group_counted(group.name))} of "
                               f"at most {fmt.hours(group.max_hours)} h count."),
                 new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(4)
    columns = [("Activity", 62.0), ("Category", 24.0), ("Dates", 34.0), ("Hours", 14.0), ("How obtained", 32.0),
               ("Counts", 18.0)]
    _table_row(pdf, list(columns), "B")
    for line in record.lines:
        _table_row(pdf, [(line.title, 62), (line.category or "CME only", 24),
                         (fmt.format_date_range(line.starts_on, line.completed_on), 34), (fmt.hours(line.hours), 14),
                         (line.source, 32), ("yes" if line.counts else "no", 18)])
    if not record.lines:
        pdf.cell(0, 6, "No credit recorded in this term yet.", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    return bytes(pdf.output())
