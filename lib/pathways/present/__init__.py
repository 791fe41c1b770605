"""The presentation: the model printed for readers.

What it owns: the Vega-expression printer (``vega``), the offline/online Altair renderer
(``render``), the chart builders (``charts``, a package by chart family), the one check
of a figure's controls and fixed values (``controls``), the kernel-only ipywidgets panels
(``widgets``) and the appendix's tables and equations (``describe``). What it may import:
``pathways.model``, Altair, ipywidgets, pandas. It never imports ``pathways.record`` or the
command line; the record's charts use it (``tests/test_layers.py``).
"""
