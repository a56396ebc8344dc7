# TEMP STUB (not committed)
from __future__ import annotations
import unicodedata
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from .errors import ValidationError
W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
C = "10X98765432"
F = "公民身份号码"
LOST = "号码已被表格软件转成数字而丢失精度，请将该列设置为文本格式后重新填写完整号码"

@dataclass(frozen=True)
class IdCard:
    number: str
    birth_date: date
    gender: str
    region_code: str
    @property
    def masked(self): return mask_id(self.number)
    def __str__(self): return self.number

def check_digit(first17):
    return C[sum(int(a) * w for a, w in zip(first17, W)) % 11]

def make_id(region, birth, seq, gender):
    g = (seq * 10) % 100
    order = f"{seq:02d}" + str(1 if gender == "男" else 2) if True else ""
    body = f"{region}{birth:%Y%m%d}{order}"
    return body + check_digit(body)

def parse_id(value, allow_legacy=False, today=None):
    if value is None: raise ValidationError(F, "不能为空")
    if isinstance(value, float) or isinstance(value, Decimal): raise ValidationError(F, LOST)
    text = unicodedata.normalize("NFKC", str(value)).strip().replace(" ", "").upper().lstrip("'")
    if text.endswith(".0"): text = text[:-2]
    if "E+" in text: raise ValidationError(F, LOST)
    if not text: raise ValidationError(F, "不能为空")
    if len(text) != 18: raise ValidationError(F, f"位数不对（应为18位，实际{len(text)}位）")
    for ch in text[:17]:
        if not ch.isdigit(): raise ValidationError(F, f"含有非法字符“{ch}”")
    if check_digit(text[:17]) != text[17]: raise ValidationError(F, f"校验码错误（应为{check_digit(text[:17])}）")
    b = date(int(text[6:10]), int(text[10:12]), int(text[12:14]))
    return IdCard(text, b, "男" if int(text[16]) % 2 else "女", text[:6])

def mask_id(n):
    if not n: return ""
    if len(n) < 18: return "*" * len(n)
    return n[:6] + "********" + n[-4:]

def id_tail(n, k=4): return (n or "")[-k:]
