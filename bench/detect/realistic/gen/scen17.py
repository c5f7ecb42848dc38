from base import *
from scen1 import H
import random
l = Log(89); r = random.Random(17); l.browsers(40, 0, 3600)
# resumable.js/flow.js: 1 MiB chunks, 3 simultaneous, POST /upload (same path), each chunk preceded by a GET test request (testChunks=true default) answered 204
for n, rate in enumerate([12, 5]):
    ip = f"198.51.116.{10+n}"; ua = CHROME; t = 200 + n*1500
    t = l.page(ip, t, "/media/upload/", ua, nassets=6)
    for k in range(1200):
        t += r.expovariate(rate)
        q = f"?resumableChunkNumber={k+1}&resumableChunkSize=1048576&resumableTotalSize=1258291200&resumableIdentifier=1258291200-holiday-4kmp4&resumableFilename=holiday-4k.mp4&resumableTotalChunks=1200"
        l.add(ip, t, "GET", "/upload" + q, 204, 0, HOST + "/media/upload/", ua)
        l.add(ip, t + 0.02, "POST", "/upload", 200, 2, HOST + "/media/upload/", ua)
# Dropzone chunked (no test GET), 2 MB chunks at ~6/s, to /api/files/upload
ip = "198.51.116.12"; ua = SAFARI; t = 3000
t = l.page(ip, t, "/files/", ua, nassets=6)
for k in range(600):
    t += r.expovariate(6)
    l.add(ip, t, "POST", "/api/files/upload", 200, 40, HOST + "/files/", ua)
# tus: PATCH /files/<id> with 5 MB chunks, ~2/s, HEAD to resume after a network drop
ip = "198.51.116.13"; ua = FIREFOX; t = 3300
fid = H('tus')[:32]
l.add(ip, t, "POST", "/files/", 201, 0, HOST + "/upload/", ua)
for k in range(400):
    t += r.expovariate(2.5)
    l.add(ip, t, "PATCH", f"/files/{fid}", 204, 0, HOST + "/upload/", ua)
    if k % 100 == 50: l.add(ip, t + 1, "HEAD", f"/files/{fid}", 200, 0, HOST + "/upload/", ua)
print(l.write("uploads"))
