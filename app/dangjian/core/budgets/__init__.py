"""经费: standards per category and year, yearly budget lines with adjustments, the one expenditure ledger
every capability books through, 执行率 and overspend findings.
"""
