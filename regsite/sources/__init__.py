"""Read: find the registers and their editions, and read every workbook, sheet and cell.

``discover`` finds registers (packaged in ``regsite/registers/`` or a folder's
``register.toml``) and editions; ``definitions`` loads what a register's columns are called
and mean; ``workbook`` opens a file safely (.xlsx and .ods itself, .csv through ``delimited``,
.pdf through ``pdf``) into raw sheets; ``sheets`` reads sheets into rows by header; ``cells``
parses one cell; ``content`` reads the markdown guidance; ``cache`` keeps parsed editions and
the model's summaries between builds.
"""
