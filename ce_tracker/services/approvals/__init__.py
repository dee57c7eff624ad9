"""Approval requests (R000-02 to R000-06, R000-19), one idea per module; import from the modules themselves.

- ``requests``: the member's workflow (ask, follow, answer);
- ``attachments``: the files a member attaches (typed by their bytes, limited);
- ``review``: the committee's queue and decisions;
- ``shared``: the views the pages show and the look-ups both sides use.
"""
