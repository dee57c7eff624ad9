"""Live events and the CME Tracker (R002-01 to R002-18).

- ``cme``: a member's events, per-day credit entry and the one final submit;
- ``facts``: what several event workflows share (an event's program, clock and rows);
- ``admin``: events as headquarters staff set them up and edit them;
- ``days_text``: the staff event form's Days box, read from the text staff typed;
- ``designated_sessions``: one day of a meeting counting in its own category;
- ``registration_import``: registering members from the registration system's CSV;
- ``completion``: how far the registered members have got (the staff report);
- ``certificates`` and ``certificate_pdf``: the certificate of participation issued at submit.
"""
