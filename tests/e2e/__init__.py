"""Browser tests of the built sample site (slow; see README, "Browser tests")."""
