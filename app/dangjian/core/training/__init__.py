"""培训: courses, attendance and credited 学时 (the attendance mechanics activities reuse), hours earned
elsewhere, yearly totals against the requirement.
"""
