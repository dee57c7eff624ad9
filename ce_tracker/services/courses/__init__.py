"""Pre-approved courses and the hours members record for them (R000-03, R000-06 to R000-09).

- ``catalog``: the catalog of upcoming courses and headquarters' upkeep of it;
- ``claims``: recording credit for a completed course (a catalog course or one the committee approved).
"""
