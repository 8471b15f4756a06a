"""Render: turn the model into pages and files.

``pages/`` says which pages exist and what each is given (a module per section); ``urls``
names every page; ``environment`` is the Jinja environment and the render workers;
``views``, ``components`` and ``markup`` make the HTML that templates call; ``charts`` draws
SVG; ``downloads``, ``feeds``, ``hosting`` and ``assets`` make the other files.
"""
