"""The report engine: the content model (`document`), its PDF and xlsx backends, the bundled font, and the
registry of export kinds. Report modules above it describe content only.
"""
