"""Accounts: who people are and how they sign in (R000-01, R002-02, R002-03, R000-27). Import from the modules.

- ``sessions``: signing in and out, login sessions, password resets and changes;
- ``actors``: the signed-in person as the services see them;
- ``members``: member accounts, roles and terms as staff manage them;
- ``passwords``: hashing (argon2id) and the password policy;
- ``oidc``: signing in with the society's account: the sign-ins sent to its provider, linking, the claim rules;
- ``oidc_client``: CE Tracker as the provider's client (Authlib): discovery, PKCE, every check of its tokens.
"""
