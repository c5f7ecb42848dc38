from base import *
from scen1 import H
import random
l = Log(71); r = random.Random(7); l.browsers(40, 0, 3600)
# Keycloak office NAT: 60 employees log in 8:50-9:10 (password step answered 200 = OTP form, then OTP 302); 15% mistype password once, 10% mistype OTP once; login page assets mostly 304
ip = "198.51.111.10"
for u in range(60):
    ua = r.choice(BROWSERS); t = r.uniform(0, 1200)
    q = f"?session_code={H((u,'s'))[:43]}&execution={H('e')[:8]}-{H('e')[8:12]}&client_id=intranet&tab_id={H((u,'t'))[:11]}"
    l.add(ip, t, "GET", f"/realms/acme/protocol/openid-connect/auth?client_id=intranet&redirect_uri=https%3A%2F%2Fintranet.example.org%2F&state={H((u,1))[:36]}&response_mode=fragment&response_type=code&scope=openid&nonce={H((u,2))[:36]}", 200, 6000, "https://intranet.example.org/", ua)
    for a in ["/resources/abc12/login/keycloak/css/login.css", "/resources/abc12/common/keycloak/vendor/patternfly-v4/patternfly.min.css", "/resources/abc12/login/keycloak/img/keycloak-bg.png", "/resources/abc12/login/keycloak/img/favicon.ico"]:
        l.add(ip, t + 0.2, "GET", a, 304, 0, HOST + "/realms/acme/protocol/openid-connect/auth", ua)
    ref = HOST + "/realms/acme/protocol/openid-connect/auth"
    t += r.uniform(5, 15)
    if r.random() < 0.15:
        l.add(ip, t, "POST", "/realms/acme/login-actions/authenticate" + q, 200, 6000, ref, ua); t += r.uniform(6, 15)
    l.add(ip, t, "POST", "/realms/acme/login-actions/authenticate" + q, 200, 5000, ref, ua); t += r.uniform(8, 20)  # OTP form
    if r.random() < 0.1:
        l.add(ip, t, "POST", "/realms/acme/login-actions/authenticate" + q, 200, 5000, HOST + "/realms/acme/login-actions/authenticate", ua); t += r.uniform(8, 20)
    l.add(ip, t, "POST", "/realms/acme/login-actions/authenticate" + q, 302, 0, HOST + "/realms/acme/login-actions/authenticate", ua)
    l.add(ip, t + 0.3, "POST", "/realms/acme/protocol/openid-connect/token", 200, 3000, "https://intranet.example.org/", ua)
    for k in range(r.randint(3, 12)):
        t += r.uniform(60, 300)
        l.add(ip, t, "POST", "/realms/acme/protocol/openid-connect/token", 200, 3000, "https://intranet.example.org/", ua)
# WordPress agency: 12 editors behind one NAT, wp-login.php with a 2FA plugin (password step answered 200 with the code form), each logs in to the site twice in the hour
ip = "198.51.111.11"
for u in range(12):
    ua = r.choice(BROWSERS)
    for s in range(2):
        t = r.uniform(0, 3300)
        l.add(ip, t, "GET", "/wp-login.php", 200, 4800, "-", ua)
        l.add(ip, t + 0.2, "GET", "/wp-includes/css/dashicons.min.css?ver=6.7.1", 304, 0, HOST + "/wp-login.php", ua)
        t += r.uniform(4, 10)
        l.add(ip, t, "POST", "/wp-login.php", 200, 3900, HOST + "/wp-login.php", ua)  # 2FA form
        t += r.uniform(8, 20)
        l.add(ip, t, "POST", "/wp-login.php", 302, 0, HOST + "/wp-login.php", ua)
        l.page(ip, t + 0.3, "/wp-admin/", ua, HOST + "/wp-login.php", nassets=4)
# GitLab: one developer with 2FA whose session expires: sign_in 200 (OTP form) + 302, three times in the hour, plus git over https
ip = "198.51.111.12"; ua = FIREFOX
for s in range(3):
    t = 100 + s*1100
    l.add(ip, t, "GET", "/users/sign_in", 200, 30000, "-", ua)
    l.add(ip, t + 8, "POST", "/users/sign_in", 200, 20000, HOST + "/users/sign_in", ua)
    l.add(ip, t + 20, "POST", "/users/sign_in", 302, 0, HOST + "/users/sign_in", ua)
    l.page(ip, t + 21, "/dashboard/projects", ua, HOST + "/users/sign_in", nassets=6)
print(l.write("twofactor"))
