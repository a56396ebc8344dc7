"""Office-wide services below the domains: the settings registry, the audit log, undo, the 回收站 and the
启动密码.
"""
