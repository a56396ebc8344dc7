"""党组织设置: the organisation tree, formation (units, host), committees, terms and elections, the ordered
tree walk other domains print in, and the set-up rules with their findings.
"""
