"""The Board of Certification: every certificant by the end of their term (R000-15 to R000-18).

- ``cohorts``: the Board's quarters and the filterable certificant list (and its CSV);
- ``society``: every certificant judged by the rules, read once and kept up to date member by member;
- ``audit_sample``: the random audit of verified renewals and each drawn renewal's evidence pack.
"""
