"""Telling people what is due before it is due (R000-08, R000-15 to R000-17).

- ``sending``: reminder emails at their boundaries, once each, and each person's choices;
- ``calendar_feed``: a member's deadlines as a private iCalendar feed;
- ``deadlines``: the member's next deadlines (recording windows still open).
"""
