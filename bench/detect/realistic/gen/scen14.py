from base import *
import random
l = Log(73); r = random.Random(9); l.browsers(40, 0, 3600)
OL = "Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.17928; Pro)"
# office NAT of 50 Outlook clients whose mail domain is the site's domain: autodiscover POX tries on the web host (404), on start and every hour
ip = "198.51.112.10"
for c in range(50):
    t = r.uniform(0, 3500)
    l.add(ip, t, "POST", "/autodiscover/autodiscover.xml", 404, 150, "-", OL)
    l.add(ip, t + 0.3, "GET", "/autodiscover/autodiscover.xml", 404, 150, "-", OL)
    l.add(ip, t + 0.6, "GET", "/autodiscover/autodiscover.json?Email=user%s%%40example.org&Protocol=Autodiscoverv1&RedirectCount=1" % c, 404, 150, "-", "Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.17928; Pro)")
# phones trying ActiveSync and Thunderbird autoconfig on the same domain
for k in range(20):
    ip = f"100.64.90.{k}"
    t = r.uniform(0, 3500)
    l.add(ip, t, "OPTIONS", "/Microsoft-Server-ActiveSync", 404, 150, "-", "Apple-iPhone15C2/2201.83")
    l.add(ip, t + 0.5, "POST", "/autodiscover/autodiscover.xml", 404, 150, "-", "iOS/18.1 (22B83) Mail")
for k in range(10):
    ip = f"198.51.112.{30+k}"; t = r.uniform(0, 3500)
    for p in ["/.well-known/autoconfig/mail/config-v1.1.xml?emailaddress=jane%40example.org", "/mail/config-v1.1.xml?emailaddress=jane%40example.org", "/autodiscover/autodiscover.xml"]:
        l.add(ip, t, "GET", p, 404, 150, "-", "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Thunderbird/128.5.0"); t += 0.3
print(l.write("autodiscover"))
