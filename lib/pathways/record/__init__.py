"""The record: public data, the series built from it, and the checks of the model against it.

What it owns: the registry of pinned public files (``registry.csv``: URL and sha256 for
each) and their download and verification (``data``), the yearly series and the essay's
timeline of dated events (``series``, ``timeline.csv``), the literature's period coding
and the US commitment signals (``periods``, ``periods.csv``, ``signals.csv``), a yearly
perceived-withdrawal series (``withdrawal``), the model against the period coding
(``periodcheck``), and the evidence chapter's computations (``evidence``, no charts) and
charts (``evidence_charts``). What it may
import: ``pathways.model`` and ``pathways.present`` (for the shared chart parts), pooch and
pyreadr. Nothing in the model or the presentation imports it (``tests/test_layers.py``).
"""
