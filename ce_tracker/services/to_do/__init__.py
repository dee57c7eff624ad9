"""Each person's next steps, first on their Home: what is waiting for them, and where it is done.

- ``item``: one thing to do (words, the place it is done, how urgent, by when);
- ``member``: answers owed to the committee, credits to enter or record, hours still needed, renewal;
- ``committee``: requests due and overdue for a reviewer;
- ``staff``: renewals to verify, fees to record, registrations to import;
- ``board``: the next quarter's certificants and the audit sample;
- ``lists``: everything for one person, by the roles they hold.
"""
