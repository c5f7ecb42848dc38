from base import *
import random
l = Log(127); r = random.Random(43); l.browsers(40, 0, 3600)
ip = "198.51.122.10"; ua = "Screaming Frog SEO Spider/20.4"; t = 300
words = ["winter","garden","coffee","bike","travel","python","recipe","camera","review","guide","best","how","why","top"]
for k in range(3000):
    t += r.expovariate(5)
    slug = f"/{r.choice(words)}-{r.choice(words)}-{k}/"
    x = r.random()
    l.add(ip, t, "GET", slug, 301 if x < 0.7 else (404 if x < 0.95 else 200), 0 if x < 0.95 else 30000, "-", ua)
print(l.write("sf-listmode"))
