"""`dangjian demo`: a realistic 街道 written step by step (orgs, members, committees, training, budgets,
activities) in one transaction.
"""
