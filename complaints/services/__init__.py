"""Every write to complaints, cases and mediation; one module per concern."""
