"""Services: every change a person makes, as one unit of work, with who may make it checked here.

One package per thing a society does, and infrastructure as loose modules:

- ``accounts``: signing in, sessions, passwords, member accounts and roles;
- ``approvals``: asking the CE committee to approve an activity, and its review;
- ``courses``: the pre-approved catalog and the hours claimed for it;
- ``events``: live events, the CME Tracker's day credits, certificates of participation;
- ``record``: a member's credit record, standing, transcript, past records, plans;
- ``renewal``: the term's phases, applications, fees, evidence, reinstatement;
- ``reminders``: reminder emails, the calendar feed, the next deadlines;
- ``board``: the Board of Certification's view and its audit sample;
- ``credentials``: verifiable credentials and their signatures;
- ``programs``: certification programs as data, stored and edited;
- loose: ``audit``, ``errors``, ``inputs``, ``mail``, ``throttle``, ``tokens``.

Convention: a package's ``__init__.py`` holds only its docstring (what each module holds); callers import from
the modules themselves (``from ce_tracker.services.events import cme``). Services never import Reflex, the
state, the pages or the web routes (pyproject.toml's import contracts, checked by the test command).
"""
