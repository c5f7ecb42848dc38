from fx import *
import random, uuid, hashlib, sys
R = random.Random(51)
APPS = {
 "immich": ("https://photos.example.org/photos", lambda k: f"/api/assets/{uuid.UUID(int=R.getrandbits(128))}/thumbnail?size=thumbnail&c=Z{k}Vx", 60),
 "photoprism": ("https://pp.example.org/library/browse", lambda k: f"/api/v1/t/{hashlib.sha1(str(k).encode()).hexdigest()}/3d2c1b0a/tile_224", 60),
 "paperless": ("https://docs.example.org/documents?sort=created&reverse=1", lambda k: f"/api/documents/{1200+k}/thumb/", 50),
 "komga": ("https://comics.example.org/libraries", lambda k: f"/api/v1/series/0{k:04d}ABCDEFG/thumbnail", 60),
 "audiobookshelf": ("https://abs.example.org/library/lib_1", lambda k: f"/api/items/li_{k:05d}abcdef/cover?width=400&format=webp&ts=1733400000000", 60),
 "gitea-avatars": ("https://git.example.org/explore/users", lambda k: f"/avatars/{hashlib.md5(str(k).encode()).hexdigest()}?size=56", 40),
 "nc-photos": ("https://cloud.example.org/apps/photos/", lambda k: f"/apps/photos/api/v1/preview/{180000+k}?x=256&y=256", 80),
 "wp-gutenberg": ("https://www.example.org/wp-admin/post.php?post=4512&action=edit", None, 0),
 "jellyfin": ("https://media.example.org/web/index.html", lambda k: f"/Items/{uuid.UUID(int=R.getrandbits(128)).hex}/Images/Primary?fillHeight=396&fillWidth=264&quality=96&tag={k:08x}", 80),
}
GUT = ["/wp-json/wp/v2/types?context=view&_locale=user", "/wp-json/wp/v2/taxonomies?context=view&_locale=user", "/wp-json/wp/v2/users/me?_locale=user", "/wp-json/wp/v2/settings?_locale=user", "/wp-json/wp/v2/block-patterns/patterns?_locale=user", "/wp-json/wp/v2/block-patterns/categories?_locale=user", "/wp-json/wp/v2/pattern-categories?context=view&_locale=user", "/wp-json/wp/v2/templates/lookup?slug=single-post-hello&_locale=user", "/wp-json/wp/v2/global-styles/themes/twentytwentyfive?context=view&_locale=user", "/wp-json/wp/v2/global-styles/themes/twentytwentyfive/variations?context=view&_locale=user", "/wp-json/wp/v2/themes?context=edit&status=active&_locale=user", "/wp-json/wp/v2/posts/4512?context=edit&_locale=user", "/wp-json/wp/v2/posts/4512/autosaves?context=edit&_locale=user", "/wp-json/wp/v2/categories?context=view&per_page=100&_fields=id%2Cname%2Cparent&orderby=name&order=asc&_locale=user", "/wp-json/wp/v2/tags?context=view&per_page=100&_fields=id%2Cname&include=12%2C13&_locale=user", "/wp-json/wp/v2/media/881?context=edit&_locale=user", "/wp-json/wp/v2/users?context=view&who=authors&per_page=50&_fields=id%2Cname&_locale=user", "/wp-json/wp/v2/block-directory/search?term=gallery&_locale=user", "/wp-json/wp/v2/blocks?context=edit&per_page=100&_locale=user", "/wp-json/wp/v2/template-parts?context=edit&per_page=100&_locale=user", "/wp-json/wp/v2/navigation?context=edit&per_page=100&_locale=user", "/wp-json/wp/v2/menu-items?context=view&menus=3&per_page=100&_locale=user", "/wp-json/wp/v2/pages?context=view&per_page=100&_fields=id%2Ctitle%2Cparent&_locale=user", "/wp-json/wp/v2/statuses?context=edit&_locale=user", "/wp-json/wp/v2/block-types?context=edit&_locale=user", "/wp-json/wp/v2/global-styles/39?context=edit&_locale=user", "/wp-json/wp/v2/templates?context=edit&per_page=100&_locale=user", "/wp-json/wp/v2/font-collections?_locale=user", "/wp-json/wp/v2/media?context=edit&per_page=50&media_type=image&_locale=user", "/wp-json/wp/v2/search?context=view&search=&per_page=20&type=post&_locale=user", "/wp-json/oembed/1.0/proxy?url=https%3A%2F%2Fwww.youtube.com%2Fwatch%3Fv%3DdQw4w9WgXcQ&_locale=user", "/wp-json/wp-block-editor/v1/url-details?url=https%3A%2F%2Fexample.net%2F&_locale=user", "/wp-json/wp/v2/comments?post=4512&per_page=100&_locale=user", "/wp-json/wp/v2/sidebars?context=edit&_locale=user", "/wp-json/wp/v2/widget-types?context=edit&_locale=user"]
outs = []
for i, (name, (ref, f, n)) in enumerate(APPS.items()):
    L = Log(seed=300 + i); L.browsers(20, 0, 600)
    ip = f"198.51.145.{10+i}"; t = 100.0
    L.page(ip, t, "/" if name != "wp-gutenberg" else "/wp-admin/post.php?post=4512&action=edit", CHROME, "-", nassets=5); t += 1.2
    if name == "wp-gutenberg":
        for p in GUT:
            L.add(ip, t, "GET", p, 200, R.randint(300, 40000), ref, CHROME); t += R.uniform(0.01, 0.06)
        L.add(ip, t, "OPTIONS", "/wp-json/wp/v2/posts/4512?_locale=user", 200, 900, ref, CHROME)
    else:
        for k in range(n):
            L.add(ip, t, "GET", f(k), 200, R.randint(3000, 25000), ref, CHROME); t += R.uniform(0.01, 0.04)
    outs.append(L.write("thumb-" + name, "/tmp/benign-s9/out"))
print(" ".join(outs))
