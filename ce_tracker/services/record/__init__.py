"""A member's record: credits in the term, where they stand, what they plan (R000-08 to R000-16).

- ``credit_record``: the credit record of the current term and its standing;
- ``standing_view``: what the member's Home shows, decided here rather than in the page;
- ``terms``: a member's terms in every program they hold one in;
- ``transcript``: the record as CSV and PDF files;
- ``past_records``: staff import past credits from CSV;
- ``planner``: planned activities and the standing they would give.
"""
