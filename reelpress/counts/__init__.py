"""Figures kept up to date as reviews change, so no page counts the whole archive per request.

The database keeps them: triggers on the reviews table (SQLite and PostgreSQL, migration
``counts.0001``) add and subtract in the same statement that writes a review, whoever writes it.
"""
