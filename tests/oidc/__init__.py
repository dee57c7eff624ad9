"""The real OpenID Provider the single sign-on tests and the demo run (tests/oidc/provider.mjs)."""
