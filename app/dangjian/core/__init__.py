"""Business logic: models, services, rules. Never imports Qt or reportlab."""
