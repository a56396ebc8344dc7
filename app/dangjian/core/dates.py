# TEMP STUB
from __future__ import annotations
import calendar, re
from dataclasses import dataclass
from datetime import date, datetime
from .errors import ValidationError

@dataclass(frozen=True)
class PartialDate:
    year: int
    month: int | None = None
    day: int | None = None
    @property
    def precision(self): return "day" if self.day else ("month" if self.month else "year")
    def first_day(self): return date(self.year, self.month or 1, self.day or 1)
    def last_day(self):
        if self.day: return self.first_day()
        m = self.month or 12
        return date(self.year, m, calendar.monthrange(self.year, m)[1])
    def __str__(self):
        if self.day: return f"{self.year}-{self.month:02d}-{self.day:02d}"
        if self.month: return f"{self.year}-{self.month:02d}"
        return str(self.year)
    @classmethod
    def from_date(cls, d): return cls(d.year, d.month, d.day)

def parse_partial_date(value, field):
    if isinstance(value, datetime): return PartialDate(value.year, value.month, value.day)
    if isinstance(value, date): return PartialDate(value.year, value.month, value.day)
    if isinstance(value, int):
        from openpyxl.utils.datetime import from_excel
        d = from_excel(value).date(); return PartialDate(d.year, d.month, d.day)
    text = str(value).strip()
    m = re.match(r"^(\d{4})[-./年](\d{1,2})(?:[-./月](\d{1,2})日?)?月?$", text)
    if not m:
        if re.match(r"^\d{4}$", text): return PartialDate(int(text))
        raise ValidationError(field, f"“{text}”不是有效日期")
    y, mo, d = int(m[1]), int(m[2]), m[3]
    if not 1 <= mo <= 12: raise ValidationError(field, f"“{text}”的月份应为1至12")
    return PartialDate(y, mo, int(d) if d else None)

def add_months(d, n):
    y, m = divmod(d.month - 1 + n, 12)
    y += d.year; m += 1
    return date(y, m, min(d.day, calendar.monthrange(y, m)[1]))

def years_between(a, b):
    return b.year - a.year - ((b.month, b.day) < (a.month, a.day))
