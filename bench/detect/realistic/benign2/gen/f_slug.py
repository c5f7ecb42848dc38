from fx import *
L = Log(seed=101)
L.browsers(25, 0, 900)
H = HOST
readers = []
arts = [("/post/etc-shadow-file/", "https://www.google.com/"), ("/faq/understanding-etc-passwd-file-format/", "https://duckduckgo.com/"),
        ("/blog/how-to-edit-etc-hosts-on-mac/", "https://www.google.com/"), ("/post/etc-group-file/", "https://www.bing.com/")]
for i, (a, ref) in enumerate(arts):
    ip = f"198.51.130.{10+i}"; readers.append(ip)
    ua = [SAFARI, CHROME, IPHONE, FIREFOX][i]
    t = 120 + i * 150
    t = L.page(ip, t, a, ua, ref)
    t += 95
    L.page(ip, t, "/post/linux-user-management/", ua, H + a, nassets=2)
print(save(L, "slug-etc-files", "tech-blog how-to articles whose slugs name etc-shadow / etc-passwd / etc-hosts (linuxize, cyberciti style), readers from search engines", readers))
