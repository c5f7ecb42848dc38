import subprocess, tomllib, sys
M = {
 "login-no-login-word": "login_woo_fast login_woo_slow login_roundcube_fast login_roundcube_slow login_opencart_slow login_magento_slow login_owa_fast login_graphql401_slow",
 "login-refusal-400-422": "login_drf_fast login_drf_slow login_djrestauth_slow login_laravel422_slow login_rails422_fast login_rails422_slow patator_json",
 "login-redirect-slow": "login_whmcs_slow login_nextcloud_slow login_keycloak_slow login_joomla-front_slow login_mediawiki_slow",
 "oneshot-sqli-headers": "sqli_headers", "oneshot-exploit-paths": "kev_paths",
 "dirbust-browser-ua": "ffuf_medium_browser ffuf_medium_browser_slow ffuf_medium_php_browser",
 "arjun-params": "arjun", "wpscan-random-ua": "wpscan_plugins_random", "v6-flood-48": "v6_48",
 "static-file-flood": "pdf_flood_sz mp4_flood_sz zip_flood_sz image_flood",
 "dirbust-browser-ua-10ps": "chrome_scan_10 fake_googlebot_scan", "card-testing": "checkout_cardtest",
 "stuffing-residential": "stuffing_resi stuffing_api", "login-late-7": "medusa login_wplogin_fast_form login_drupal_fast_form login_grafana_fast_form",
 "joomla-admin-bf": "joomla_admin joomla_admin_fast joomla_admin_noref", "wp-user-enum-browser": "author_enum",
 "flood-slash24-rotation": "slash24_20x4 slash24_20x8", "flood-headless-assets": "headless_assets",
 "oneshot-exploit-paths-2025": "kev2025",
 "otp-and-form-abuse": "otp_bf otp_bf401 coupon_bf cf7_spam register_spam lostpw_bomb",
}
names = sys.argv[1:] or list(M)
for n in names:
    d = tomllib.load(open("findings/%s.expect.toml" % n, "rb"))["description"]
    print("##", n, flush=True)
    subprocess.run(["python3", "mkfind.py", n, d] + M[n].split())
