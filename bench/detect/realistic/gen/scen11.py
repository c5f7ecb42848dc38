from base import *
from scen1 import H
import random, sys
S = {}
def scen(f): S[f.__name__] = f; return f
@scen
def repeatpath(l, r):
    # old PHP gallery: each album page shows 48 thumbnails served by /thumb.php?img=..&w=200
    ip = "198.51.109.10"; ua = FIREFOX; t = 100
    for pg in range(10):
        p = f"/gallery/album.php?id=12&page={pg+1}"
        t = l.page(ip, t, p, ua, HOST + "/gallery/", nassets=4)
        for k in range(48):
            l.add(ip, t + r.uniform(0.05, 0.8), "GET", f"/thumb.php?img={pg*48+k}&w=200&h=150", 200, 9000, HOST + p, ua)
        t += r.uniform(8, 20)
    # GeoServer WMS map: OpenLayers requests 256px tiles as GetMap, 30-60 per pan/zoom, a pan every 1-3 s for a minute
    ip = "198.51.109.11"; ua = CHROME; t = 800
    t = l.page(ip, t, "/maps/parcels/", ua, nassets=6)
    for pan in range(30):
        for k in range(r.randint(30, 60)):
            x = r.uniform(2.2, 2.5); y = r.uniform(48.7, 48.9)
            l.add(ip, t + r.uniform(0, 0.6), "GET", f"/geoserver/cadastre/wms?SERVICE=WMS&VERSION=1.3.0&REQUEST=GetMap&FORMAT=image%2Fpng&TRANSPARENT=true&LAYERS=cadastre%3Aparcels&WIDTH=256&HEIGHT=256&CRS=EPSG%3A3857&STYLES=&BBOX={x*1e5:.3f}%2C{y*1e5:.3f}%2C{x*1e5+611:.3f}%2C{y*1e5+611:.3f}", 200, 12000, HOST + "/maps/parcels/", ua)
        t += r.uniform(1, 3)
    # vector tiles (.pbf) on a self-hosted tile server, 40-80 per zoom step
    ip = "198.51.109.12"; ua = SAFARI; t = 1500
    t = l.page(ip, t, "/map/", ua, nassets=6)
    for z in range(25):
        zz = 10 + z % 8
        for k in range(r.randint(40, 80)):
            l.add(ip, t + r.uniform(0, 0.5), "GET", f"/tiles/v3/{zz}/{r.randint(500, 600)}/{r.randint(300, 400)}.pbf", 200, 30000, HOST + "/map/", ua)
        t += r.uniform(1, 3)
    # Nextcloud web Files app opening photo folders: /index.php/core/preview?fileId=..&x=256&y=256 per file
    ip = "198.51.109.13"; ua = EDGE; t = 2200
    for fo in range(8):
        p = f"/index.php/apps/files/files/{5000+fo}?dir=/Photos/2024-{fo+1:02d}"
        t = l.page(ip, t, p, ua, HOST + "/index.php/apps/files/", nassets=4)
        l.add(ip, t + 0.1, "PROPFIND", f"/remote.php/dav/files/alice/Photos/2024-{fo+1:02d}", 207, 90000, HOST + p, ua)
        for k in range(120):
            l.add(ip, t + 0.3 + r.uniform(0, 2), "GET", f"/index.php/core/preview?fileId={70000 + fo*200 + k}&x=256&y=256&a=true&mimeFallback=true&etag={H((fo,k))[:16]}", 200 if r.random() > 0.05 else 404, 15000, HOST + p, ua)
        t += r.uniform(10, 30)
def run(names):
    for n in names:
        r = random.Random(53); l = Log(59); l.browsers(40, 0, 3600); S[n](l, r); print(l.write(n), len(l.rows))
if __name__ == "__main__":
    run(sys.argv[1:] or list(S))
