"""Accounts: who people are and how they sign in (R000-01, R002-02, R002-03). Import from the modules.

- ``sessions``: signing in and out, login sessions, password resets and changes;
- ``actors``: the signed-in person as the services see them;
- ``members``: member accounts, roles and terms as staff manage them;
- ``passwords``: hashing (argon2id) and the password policy.
"""
