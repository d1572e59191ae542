# Varnish in front of georeg: it holds the map tiles; everything else goes to the app as it came.
#
#   varnishd -a :80 -f /etc/varnish/georeg.vcl -s malloc,1g
#
# Tiles asked for with the version token TileJSON hands out (?v=...) are answered by the app as
# "public, max-age=31536000, immutable": Varnish keeps them for that long and never asks the app again; an edit
# changes the token, so clients move to new URLs. Tiles without a token are answered "max-age=0, must-revalidate"
# with an ETag: Varnish keeps them (keep) and asks the app "If-None-Match" on every request (after the first
# millisecond), which costs the app one version lookup and answers 304 unless an edit touched that tile — so an
# edit shows at once either way.
#
# Tiles are public reads: do not put this cache in front of a registry whose reads need a login
# (GEOREG_PUBLIC_READS=false). Requests with an Authorization header are always passed to the app.
vcl 4.1;

backend georeg {
    .host = "127.0.0.1";
    .port = "8000";
    .connect_timeout = 2s;
    .first_byte_timeout = 60s;
}

sub vcl_recv {
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.url ~ "^/(tiles|raster)/" && !req.http.Authorization) {
        # Tiles do not depend on cookies; the map's pages may send a session cookie along.
        unset req.http.Cookie;
        return (hash);
    }
    return (pass);
}

sub vcl_backend_response {
    if (bereq.url ~ "^/(tiles|raster)/" && beresp.http.Cache-Control ~ "must-revalidate") {
        # Unversioned: kept to be revalidated by its ETag, and served without asking the app only within the
        # millisecond after a fetch (Varnish 7 does not look up an object whose TTL is 0, so 0s would fetch in full).
        set beresp.ttl = 0.001s;
        set beresp.grace = 0s;
        set beresp.keep = 1d;
        return (deliver);
    }
}

sub vcl_deliver {
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT from varnish";
    } else if (resp.http.X-Cache) {
        set resp.http.X-Cache = "MISS from varnish, " + resp.http.X-Cache + " from app";
    }
}
