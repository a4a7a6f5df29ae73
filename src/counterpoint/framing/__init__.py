"""Framing: persuasion-technique spans, scare quotes, hedges and the names sources use.

A label is a claim about wording, shown with its evidence, never a verdict on
whether an event happened.
"""
