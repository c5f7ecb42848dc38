from fx import *
import random
R = random.Random(41)
L = Log(seed=214); L.browsers(20, 0, 900)
ip = "198.51.144.10"; ua = CHROME; A = "https://app.example.org/"; S = "https://sso.example.org"
t = 100.0
# Monday: laptop wakes, 8 open tabs of the same SPA each fire updateToken() with the refresh token that expired over the weekend
for tab in range(3):
    L.add(ip, t, "POST", "/realms/acme/protocol/openid-connect/token", 400, 84, A, ua); t += R.uniform(0.02, 0.15)
# keycloak-js then calls login(): each tab navigates to the auth endpoint; the SSO session is gone, so the form is shown
for tab in range(3):
    L.add(ip, t, "GET", "/realms/acme/protocol/openid-connect/auth?client_id=app&redirect_uri=https%3A%2F%2Fapp.example.org%2Fboard%2F" + str(tab) + "&state=s" + str(tab) + "&response_mode=fragment&response_type=code&scope=openid&nonce=n" + str(tab) + "&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256", 200, 6100, A, ua); t += R.uniform(0.05, 0.3)
    for a in ["/resources/abcde/login/keycloak.v2/css/styles.css", "/resources/abcde/login/keycloak.v2/img/keycloak-logo-text.svg"]:
        t += 0.03; L.add(ip, t, "GET", a, 304, 0, S + "/realms/acme/protocol/openid-connect/auth", ua)
t += 14
L.add(ip, t, "POST", "/realms/acme/login-actions/authenticate?session_code=a&execution=b&client_id=app&tab_id=c", 302, 0, S + "/realms/acme/protocol/openid-connect/auth", ua); t += 0.5
L.add(ip, t, "POST", "/realms/acme/protocol/openid-connect/token", 200, 3900, A, ua); t += 3
for tab in range(1, 3):  # the other tabs are reloaded by the user one by one, SSO cookie now valid
    t += R.uniform(2, 10)
    L.add(ip, t, "GET", "/realms/acme/protocol/openid-connect/auth?client_id=app&redirect_uri=https%3A%2F%2Fapp.example.org%2F&state=r" + str(tab) + "&response_mode=fragment&response_type=code&scope=openid&nonce=r" + str(tab) + "&prompt=none", 302, 0, A, ua)
    L.add(ip, t + 0.3, "POST", "/realms/acme/protocol/openid-connect/token", 200, 3900, A, ua)
L.write("kcw-3", "/tmp/benign-s9/out")
