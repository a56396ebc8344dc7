"""Vocabulary and helpers every domain shares, with no database: errors, Chinese labels, dates, money in
integer 分, 公民身份号码 and 统一社会信用代码 checks, findings, ID redaction, logging, where the file lives.
"""
