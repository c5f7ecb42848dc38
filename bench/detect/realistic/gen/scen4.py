from base import *
from scen1 import H
import sys, urllib.parse as up, base64
S = {}
def scen(f): S[f.__name__] = f; return f
Q = up.quote

@scen
def variants(l, r):
    # Strapi v4 frontend filters (qs-encoded), Feathers/LoopBack-style
    forms = ["/api/articles?filters%5Bcategory%5D%5Bslug%5D%5B%24eq%5D=news&filters%5BpublishedAt%5D%5B%24gte%5D=2026-01-01&populate=%2A&pagination%5Bpage%5D=1&pagination%5BpageSize%5D=12&sort%5B0%5D=publishedAt%3Adesc",
             "/api/products?filters[price][$gte]=10&filters[price][$lte]=50&populate=*",
             "/products?price[$gt]=10&price[$lt]=100&$limit=20&$skip=40",
             "/api/events?filter=%7B%22where%22%3A%7B%22date%22%3A%7B%22gte%22%3A%222026-12-01%22%7D%7D%2C%22limit%22%3A10%7D",
             "/api/items?where=%7B%22status%22%3A%7B%22%24in%22%3A%5B%22open%22%2C%22pending%22%5D%7D%7D",
             "/api/posts?filters[$or][0][title][$containsi]=winter&filters[$or][1][body][$containsi]=winter"]
    for k, p in enumerate(forms):
        ip = f"198.51.102.{10+k}"; ua = r.choice(BROWSERS)
        t = l.page(ip, 100 + k*60, "/news/", ua, nassets=6)
        l.add(ip, t+0.3, "GET", p, 200, 9000, HOST + "/news/", ua)
        l.page(ip, t+10, "/news/winter-launch/", ua, HOST + "/news/", nassets=4)
    # SAML redirect binding, OAuth authorize with long state, a long Google Analytics linker URL
    saml = Q(base64.b64encode(("<samlp:AuthnRequest xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" ID=\"_" + H(1) + "\" Version=\"2.0\" IssueInstant=\"2026-12-06T09:10:00Z\" AssertionConsumerServiceURL=\"https://www.example.org/saml/acs\"><saml:Issuer xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\">https://www.example.org/saml/metadata</saml:Issuer>" + "<x/>"*300 + "</samlp:AuthnRequest>").encode()).decode(), safe="")
    longs = [f"/saml/sso?SAMLRequest={saml}&RelayState={H(2)}&SigAlg=http%3A%2F%2Fwww.w3.org%2F2001%2F04%2Fxmldsig-more%23rsa-sha256&Signature={Q(base64.b64encode(bytes(256)).decode(), safe='')}",
             "/oauth/authorize?response_type=code&client_id=acme-web&redirect_uri=https%3A%2F%2Fwww.example.org%2Fcallback&scope=openid%20profile%20email%20offline_access&state=" + base64.urlsafe_b64encode(bytes(r.getrandbits(8) for _ in range(900))).decode() + "&code_challenge=" + H(3)[:43] + "&code_challenge_method=S256&nonce=" + H(4),
             "/checkout/?_gl=1*1abc2de*_ga*MTIzNDU2Nzg5LjE3MzM0NzU2MDA.*_ga_ABCDEF1234*MTczMzQ3NTYwMC4xLjEuMTczMzQ3NTcwMC42MC4wLjA.&utm_source=google&utm_medium=cpc&utm_campaign=" + "winter-sale-" * 60 + "&gclid=" + H(5) + H(6) + H(7),
             "/app/#/reports?state=" + Q('{"filters":[' + ",".join('{"field":"region","op":"eq","value":"r%d"}' % i for i in range(40)) + ']}', safe="")]
    for k, p in enumerate(longs):
        ip = f"198.51.102.{40+k}"; ua = r.choice(BROWSERS)
        t = l.page(ip, 600 + k*60, "/", ua, nassets=6)
        l.add(ip, t + 1, "GET", p, 200 if k != 1 else 302, 9000, HOST + "/", ua)
        l.page(ip, t + 5, "/account/", ua, HOST + "/", nassets=4)
    # email link scanner at 5/s
    ip = "148.163.150.21"; ua = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/118.0.0.0 Safari/537.36"
    t = 1200
    for rc in range(300):
        for lk in range(6):
            t += r.expovariate(5)
            l.add(ip, t, "GET", f"/nl/click?c=dec26&r={H(rc)[:24]}&l={lk}&sig={H((rc,lk))[:32]}", 302, 0, "-", ua)
    # Microsoft Defender Safe Links detonation: scanner follows redirect and loads page + assets at 3 links/s
    ip = "40.94.29.5"; t = 2000
    for rc in range(100):
        for lk in range(3):
            l.add(ip, t, "GET", f"/nl/click?c=dec26&r={H(rc)[:24]}&l={lk}", 302, 0, "-", EDGE)
            t = l.page(ip, t + 0.1, r.choice(PAGES), EDGE, nassets=8) + r.uniform(0.1, 0.5)
    # grafana: one big dashboard, 70 panels, refresh 30 s
    ip = "198.51.100.126"; ref = HOST + "/d/rYdddlPWk/node-exporter-full?orgId=1&refresh=30s"
    for k in range(100):
        t0 = 20 + k*30
        for p in range(70):
            l.add(ip, t0 + r.uniform(0, 1.5), "POST", "/api/ds/query?ds_type=prometheus&requestId=SQR%d" % (100 + p), 200, 15000, ref, FIREFOX)

def run(names):
    for n in names:
        r = random.Random(hash(n) & 0xffff)
        l = Log(17)
        l.browsers(40, 0, 3600)
        S[n](l, r)
        print(l.write(n), len(l.rows))
if __name__ == "__main__":
    run(sys.argv[1:] or list(S))
