"""Annotate: sentences, actor and place mentions, and time expressions per item.

``stage.annotate_pending`` runs the stage over a store; ``actors``, ``places``
and ``dates`` are its parts, each usable on its own.
"""
