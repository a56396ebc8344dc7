"""党员花名册: member records and their validation, transfers, the paged roster query and the import.
"""
