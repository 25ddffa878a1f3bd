"""Whole rendered pages for anonymous readers, never stale: a shared generation token that any
committed write to a table a public page shows replaces, and entries that expire by themselves
when a scheduled review or column update becomes public (docs/decisions.md, "Page cache").
"""
