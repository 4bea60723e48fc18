"""Scheduling: the pure slot search (slots.py) and the loader that feeds it from the database (finder.py)."""
