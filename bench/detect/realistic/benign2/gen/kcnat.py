from fx import *
import random, sys
R = random.Random(31)
n = int(sys.argv[1]); name = sys.argv[2]
L = Log(seed=213)
ip = "198.51.143.10"; A = "https://app.example.org/"; S = "https://sso.example.org"
uas = [CHROME, FIREFOX, EDGE, SAFARI, "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"]
# SSO host log only: Monday 08:45-09:15, everyone's refresh token (SSO Session Max 10h) expired over the weekend
for u in range(n):
    ua = R.choice(uas); t = R.uniform(0, 1800)
    tabs = R.choice([1, 1, 2, 2, 3, 4])
    for tab in range(tabs):
        L.add(ip, t, "GET", "/realms/acme/protocol/openid-connect/3p-cookies/step1.html", 200, 400, A, ua); t += 0.05
        L.add(ip, t, "POST", "/realms/acme/protocol/openid-connect/token", 400, 84, A, ua); t += 0.05
    L.add(ip, t, "GET", "/realms/acme/protocol/openid-connect/auth?client_id=app&redirect_uri=https%3A%2F%2Fapp.example.org%2F&state=s" + str(u) + "&response_mode=fragment&response_type=code&scope=openid&nonce=n" + str(u), 200, 6100, A, ua)
    for a in ["/resources/abcde/login/keycloak.v2/css/styles.css", "/resources/abcde/common/keycloak/vendor/patternfly-v5/patternfly.min.css", "/resources/abcde/login/keycloak.v2/img/keycloak-logo-text.svg"]:
        t += 0.05; L.add(ip, t, "GET", a, R.choice([200, 304]), 9000, S + "/realms/acme/protocol/openid-connect/auth", ua)
    t += R.uniform(6, 20)
    if R.random() < 0.15:  # typo: Keycloak re-renders the form with 200
        L.add(ip, t, "POST", "/realms/acme/login-actions/authenticate?session_code=a&execution=b&client_id=app&tab_id=c", 200, 6400, S + "/realms/acme/protocol/openid-connect/auth", ua); t += R.uniform(5, 12)
    L.add(ip, t, "POST", "/realms/acme/login-actions/authenticate?session_code=a&execution=b&client_id=app&tab_id=c", 302, 0, S + "/realms/acme/protocol/openid-connect/auth", ua); t += 0.5
    for tab in range(tabs):
        L.add(ip, t, "POST", "/realms/acme/protocol/openid-connect/token", 200, 3900, A, ua); t += 0.1
        L.add(ip, t, "GET", "/realms/acme/protocol/openid-connect/userinfo", 200, 400, A, ua); t += 0.1
    # refreshes every 5 min for the rest of the half hour
    while t < 1800:
        t += 300
        for tab in range(tabs):
            L.add(ip, t + tab * 0.2, "POST", "/realms/acme/protocol/openid-connect/token", 200, 3900, A, ua)
L.write(name, "/tmp/benign-s9/out")
