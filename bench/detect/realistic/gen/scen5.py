from base import *
from scen1 import H
import sys, urllib.parse as up
S = {}
def scen(f): S[f.__name__] = f; return f
Q = up.quote

@scen
def modern(l, r):
    # Next.js pages router: each page view prefetches /_next/data/<build>/... for 40-80 links in viewport
    ip = "198.51.103.10"; ua = CHROME; t = 100
    for pv in range(25):
        p = f"/products/category-{pv}"
        t = l.page(ip, t, p, ua, HOST + "/", nassets=6)
        for k in range(r.randint(40, 80)):
            l.add(ip, t + r.uniform(0.1, 1.0), "GET", f"/_next/data/b7Xk2pQ9/en/products/item-{pv}-{k}.json", 200, 4000, HOST + p, ua)
        t += r.uniform(5, 15)
    # Next.js app router: RSC prefetch of every visible link
    ip = "198.51.103.11"; ua = SAFARI; t = 800
    for pv in range(25):
        p = f"/blog/page/{pv+1}"
        t = l.page(ip, t, p, ua, HOST + "/blog/", nassets=6)
        for k in range(r.randint(30, 60)):
            l.add(ip, t + r.uniform(0.1, 1.0), "GET", f"/blog/post-{pv}-{k}?_rsc={H((pv,k))[:5]}", 200, 3000, HOST + p, ua)
        t += r.uniform(4, 12)
    # next/image with remote images, thumbor, oEmbed
    ip = "198.51.103.12"; ua = ANDROID; t = 1500
    for pv in range(10):
        p = f"/stories/{pv}"
        t = l.page(ip, t, p, ua, HOST + "/", nassets=4)
        for k in range(12):
            l.add(ip, t + r.uniform(0.05, 0.8), "GET", f"/_next/image?url=https%3A%2F%2Fimages.ctfassets.net%2Fabc123%2F{H((pv,k))[:20]}%2Fphoto-{k}.jpg&w=828&q=75", 200, 40000, HOST + p, ua)
        l.add(ip, t + 1, "GET", f"/thumbor/unsafe/300x200/smart/https://images.example.net/uploads/2026/12/{pv}.jpg", 200, 20000, HOST + p, ua)
        l.add(ip, t + 1.2, "GET", "/wp-json/oembed/1.0/embed?url=https%3A%2F%2Fwww.example.org%2Fstories%2F" + str(pv) + "%2F&format=json", 200, 900, HOST + p, ua)
        t += 20
    # Fediverse: mastodon.social delivering to our instance's inboxes after a popular post
    ip = "198.51.103.13"; ua = "http.rb/5.2.0 (Mastodon/4.3.1; +https://mastodon.social/)"; t = 2000
    for k in range(1500):
        t += r.expovariate(25)
        x = r.random()
        st = 202 if x < 0.93 else (401 if x < 0.97 else 410)
        l.add(ip, t, "POST", r.choice(["/inbox", "/users/alice/inbox", "/users/bob/inbox"]), st, 0, "-", ua)
        if k % 50 == 0: l.add(ip, t, "GET", f"/users/alice/statuses/1135{k}", 200, 3000, "-", ua)

@scen
def rush(l, r):
    # university NAT: 120 students refreshing the course registration page every 3-6 s at opening time, server answers 503 a third of the time
    ip = "198.51.103.20"
    for s in range(120):
        ua = r.choice(BROWSERS); t = 1800 + r.uniform(-60, 0)
        while t < 1800 + 180:
            st = 503 if r.random() < 0.33 else 200
            l.add(ip, t, "GET", "/registration/courses?term=2027S", st, 300 if st == 503 else 40000, HOST + "/registration/", ua)
            t += r.uniform(3, 6)
    # a fan pressing F5 every ~1.5 s on the ticket page for 3 minutes (server busy: some 503)
    ip = "198.51.103.21"; t = 900
    while t < 900 + 180:
        st = 503 if r.random() < 0.2 else 200
        l.add(ip, t, "GET", "/tickets/winter-tour-2027", st, 300 if st == 503 else 30000, HOST + "/tickets/", IPHONE)
        t += r.uniform(0.8, 2.0)
    # classroom at 9:00: 30 Chromebooks in one NAT log in to Moodle, 25% mistype once (303 back to login with errorcode)
    ip = "198.51.103.22"; ua = "Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
    for s in range(30):
        t = 2700 + r.uniform(0, 90)
        l.add(ip, t, "GET", "/login/index.php", 200, 9000, "-", ua)
        if r.random() < 0.25:
            l.add(ip, t + 10, "POST", "/login/index.php", 303, 0, HOST + "/login/index.php", ua)
            l.add(ip, t + 10.2, "GET", "/login/index.php?errorcode=3", 200, 9000, HOST + "/login/index.php", ua)
            t += 12
        l.add(ip, t + 10, "POST", "/login/index.php", 303, 0, HOST + "/login/index.php", ua)
        l.add(ip, t + 10.3, "GET", "/my/", 200, 30000, HOST + "/login/index.php", ua)
        l.add(ip, t + 40, "GET", "/mod/quiz/view.php?id=4412", 200, 20000, HOST + "/my/", ua)
        for q in range(10):
            l.add(ip, t + 60 + q*60, "POST", "/mod/quiz/processattempt.php?cmid=4412", 303, 0, HOST + "/mod/quiz/attempt.php?attempt=99&cmid=4412&page=" + str(q), ua)
            l.add(ip, t + 60.2 + q*60, "GET", "/mod/quiz/attempt.php?attempt=99&cmid=4412&page=" + str(q+1), 200, 20000, HOST + "/mod/quiz/attempt.php", ua)
    # socket.io app after a deploy: 60 tabs behind an office NAT reconnecting with backoff, 400 "Session ID unknown" then new handshake
    ip = "198.51.103.23"
    for tab in range(60):
        ua = r.choice(BROWSERS); t = 3000 + r.uniform(0, 2)
        sid = H(tab)[:20]
        for k in range(6):
            l.add(ip, t, "GET", f"/socket.io/?EIO=4&transport=polling&t={H((tab,k))[:7]}&sid={sid}", 400, 30, HOST + "/app/", ua)
            t += min(0.5 * 2**k, 5) * r.uniform(0.5, 1.5)
        l.add(ip, t, "GET", f"/socket.io/?EIO=4&transport=polling&t={H((tab,'n'))[:7]}", 200, 100, HOST + "/app/", ua)
        l.add(ip, t + 0.1, "GET", f"/socket.io/?EIO=4&transport=websocket&sid={H((tab,'s'))[:20]}", 101, 0, "-", ua)

def run(names):
    for n in names:
        r = random.Random(hash(n) & 0xffff)
        l = Log(19)
        l.browsers(40, 0, 3600)
        S[n](l, r)
        print(l.write(n), len(l.rows))
if __name__ == "__main__":
    run(sys.argv[1:] or list(S))
