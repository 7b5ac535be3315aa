"""Property-based: at least 10,000 generated requests, none answered with a 5xx or a traceback."""

from urllib.parse import quote_from_bytes

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from searchapp.facets import FACETS
from searchapp.web.app import SECURITY_HEADERS

REQUESTS_PER_EXAMPLE = 4
EXAMPLES = 2_500
NAMES = [
    "q",
    "sort",
    "page",
    "per_page",
    "contains",
    *(facet.key for facet in FACETS),
    *(name for facet in FACETS if facet.ranged for name in facet.range_params),
]
KNOWN_VALUES = [
    "",
    "ingerence",
    "Mike Pompeo",
    "Russie",
    "2019",
    "none",
    "relevance",
    "newest",
    "oldest",
    "0",
    "1",
    "-1",
    "10",
    "100",
    "1000",
    "1001",
    "1000000000",
    "1e3",
    "0x10",
    "١٢",
    "NaN",
]

text = st.text(st.characters(codec="utf-8"), max_size=40)  # any code point, controls and NUL included
raw_bytes = st.binary(max_size=24)  # percent-encoded as is: invalid UTF-8, NUL, newlines
huge_number = st.integers(min_value=-(10**40), max_value=10**40).map(str)
long_text = st.integers(min_value=400, max_value=3_000).map(lambda n: "ingérence " * (n // 10))
value = st.one_of(
    st.sampled_from(KNOWN_VALUES),
    text.map(lambda s: s.encode("utf-8")),
    raw_bytes,
    huge_number.map(str.encode),
    long_text.map(str.encode),
    st.sampled_from(KNOWN_VALUES).map(str.encode),
)
name = st.one_of(st.sampled_from(NAMES), text)
param = st.tuples(
    name.map(lambda s: s.encode("utf-8") if isinstance(s, str) else s),
    value.map(lambda v: v.encode("utf-8") if isinstance(v, str) else v),
)
raw_query = st.text(st.sampled_from("%&=+;?#qpage0123456789zZ \x00\t"), max_size=30).map(str.encode)
query_string = st.one_of(
    st.lists(param, max_size=12).map(
        lambda ps: b"&".join(
            quote_from_bytes(n, safe="").encode() + b"=" + quote_from_bytes(v, safe="").encode() for n, v in ps
        )
    ),
    raw_query,
)
path = st.one_of(
    st.sampled_from(
        [
            "/",
            "/api/search",
            "/article/a1",
            "/article/nope",
            "/static/style.css",
            "/api/",
            "/article/",
            "/static/../app.py",
            "/api/search/",
            "//",
            "/index.html",
            *(f"{prefix}/facet/{facet.key}" for prefix in ("", "/api") for facet in FACETS),
        ]
    ),
    st.tuples(st.sampled_from(["/", "/article/", "/api/", "/static/", "/facet/", "/api/facet/"]), raw_bytes).map(
        lambda pb: pb[0] + quote_from_bytes(pb[1], safe="/")
    ),
    st.tuples(st.sampled_from(["/", "/article/", "/api/", "/facet/", "/api/facet/"]), text).map(
        lambda pt: pt[0] + quote_from_bytes(pt[1].encode("utf-8"), safe="")
    ),
)
request = st.tuples(st.sampled_from(["GET", "GET", "GET", "HEAD", "POST"]), path, query_string)


def test_generated_requests_never_get_a_server_error(client):
    sent = []

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(st.lists(request, min_size=REQUESTS_PER_EXAMPLE, max_size=REQUESTS_PER_EXAMPLE))
    def fire(batch):
        for method, url, query in batch:
            response = client.open(url, method=method, query_string=query.decode("latin-1"))
            sent.append(response.status_code)
            assert response.status_code < 500, (method, url, query)
            body = response.get_data()
            assert b"Traceback" not in body
            assert all(response.headers.get(header) == value for header, value in SECURITY_HEADERS.items())
            if response.status_code < 400 or method != "GET" or url.startswith("/static/"):
                continue
            if url.startswith("/api/"):
                assert set(response.get_json()) == {"error", "message", "status"}
            else:
                assert "Revenir à la recherche" in response.get_data(as_text=True)

    fire()
    assert len(sent) >= 10_000
