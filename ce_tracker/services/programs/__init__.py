"""Certification programs as data: stored, loaded, edited (every edit a new version).

- ``store``: programs between rules values and database rows, cached per engine;
- ``editor``: staff create and edit programs.
"""
