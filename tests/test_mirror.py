from regsite.mirror import offline_html


def test_folder_links_name_their_index():
    html = (
        '<a href="../../agreements/x/">a</a> <a href="./">home</a> <a href="../search/?q=x">s</a> '
        '<a href="guidance/y/#field-z">g</a> <form action="../../search/" method="get"> '
        '<a href="https://example.org/a/">e</a> <a href="#main">m</a> <a href="/agreements/">abs</a> '
        '<a href="../downloads/a.csv">f</a> <link href="../assets/site.1.css">'
    )
    assert offline_html(html) == (
        '<a href="../../agreements/x/index.html">a</a> <a href="./index.html">home</a> '
        '<a href="../search/index.html?q=x">s</a> <a href="guidance/y/index.html#field-z">g</a> '
        '<form action="../../search/index.html" method="get"> <a href="https://example.org/a/">e</a> '
        '<a href="#main">m</a> <a href="/agreements/">abs</a> <a href="../downloads/a.csv">f</a> '
        '<link href="../assets/site.1.css">'
    )
