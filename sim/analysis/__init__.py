"""Analyses over many replications of several scenarios: running them once, comparing them."""
