"""Reading the xlsx files offices send (streaming reader, header detection, row numbers as the user sees
them) and the one all-or-nothing result shape every import returns.
"""
