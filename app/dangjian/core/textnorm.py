# TEMP STUB
import unicodedata
def normalise_text(v):
    if v is None: return ""
    return unicodedata.normalize("NFKC", str(v)).replace("\u200b", "").strip()
def pinyin_initials(name):
    from pypinyin import Style, lazy_pinyin
    return "".join(p[0] for p in lazy_pinyin(name, style=Style.FIRST_LETTER) if p).lower()
