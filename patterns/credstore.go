package patterns

import "bytes"

// Credential stores of command-line tools and private keys, read by
// structure rather than listed: sweeps derive a store's path from a tool's
// home layout (~/.config/gcloud/credentials.db asked as /.gcloud/
// credentials.db, ~/.heroku/credentials, ~/.config/composer/auth.json) and
// ask each once per address (attacks9 oneshot-cloud-credential-probes).
// Two shapes count, on a miss only (certainName's rule):
//
//   - a credential-store name (a stem of credStoreStems, bare or with
//     extensions of credStoreExts only: credentials, access_tokens.db,
//     credentials.tfrc.json, auth.json) or a package manager's
//     credential file (pkgCredNames: pip.conf, NuGet.Config) inside a
//     dot-directory that is the first or second segment, at most two
//     directories below it (/.gcloud/credentials.db, /app/.heroku/netrc,
//     /.config/composer/auth.json); or a dotfile named so at any depth
//     (/.credentials, /.secrets.json);
//   - a private key by its name and extension at the root or one
//     directory down (/server.key, /privkey.pem, /ssl/private.key).
//
// A browser asks no dot-directory but /.well-known/; the dot-directories
// that hosts do serve (Netlify's /.netlify/functions/ and /.netlify/
// identity/token, Azure App Service's /.auth/, Ory's /.ory/ tunnel,
// Anubis's /.within.website/) stay out, as do public keys (.pub, pubkey),
// certificates (.crt, cert.pem: a CA publishes its own) and Keynote decks
// named otherwise (/talks/q3.key is a slide deck, and it is deeper).
// What an attacker walks through: a credential store asked deeper than
// two directories below a dot-directory, or under one of the served
// dot-directories; sweeps ask neither.

// credStoreStems are the stems tools name a credential store by, lower
// case.
var credStoreStems = [...]string{"credentials", "credential", "creds", "access_tokens", "accesstokens", "access-tokens",
	"legacy_credentials", "tokens", "token", "auth", "authinfo", "netrc", "secrets", "secret", "passwords", "password",
	"passwd", "apikey", "apikeys", "api_key", "api_keys", "api-key", "api-keys", "private_key", "privatekey", "keyring",
	// Ansible Vault's password file
	"vault_pass", "vault-pass", "vault_password", "vault-password"}

// credStoreExts are the extensions a credential store is kept under, lower
// case, without the dot.
var credStoreExts = [...]string{"db", "sqlite", "sqlite3", "json", "yml", "yaml", "toml", "ini", "conf", "cfg", "xml", "txt",
	"env", "dat", "enc", "csv", "properties", "gpg", "tfrc"}

// pkgCredNames are package managers' client files that carry an index's or
// a feed's password, lower case: certain inside a dot-directory only (a
// project's own /NuGet.Config at its root is a 404 worth a watch).
var pkgCredNames = [...]string{"pip.conf", "pip.ini", "nuget.config", "hosts.yml", "hosts.json", ".gemrc",
	".yarnrc", ".yarnrc.yml", ".condarc"}

// servedDotDirs are dot-directories that hosting platforms and proxies
// answer on, lower case, without the dot.
var servedDotDirs = [...]string{"well-known", "netlify", "auth", "ory", "within.website"}

// keyStems are the names a server's private key is saved under, lower
// case; with ".key" or ".pem" they name one.
var keyStems = [...]string{"server", "private", "priv", "privkey", "privatekey", "private-key", "private_key", "ssl",
	"tls", "localhost", "domain", "site", "www", "nginx", "apache", "httpd", "key", "secret", "wildcard", "star",
	"jwt", "jwtrs256", "jwt-private", "jwt_private", "rsa", "rsa_private", "oauth-private", "mykey", "host", "client"}

// credStore reports low, a lower-case path whose last segment is seg
// and which holds slashes '/', as a tool's credential store or a private
// key by the shapes above.
func credStore(low, seg []byte, slashes int) bool {
	if len(seg) < 3 || pageExt(seg) {
		return false
	}
	if slashes <= 2 && privateKeyName(seg) {
		return true
	}
	if seg[0] == '.' && len(seg) > 2 && credStoreName(seg[1:]) {
		return true
	}
	return inToolDotDir(low, slashes) && (credStoreName(seg) || pkgCredName(seg))
}

// credStoreName reports name, lower case, a stem of credStoreStems bare or
// followed by extensions of credStoreExts only.
func credStoreName(name []byte) bool {
	dot := bytes.IndexByte(name, '.')
	stem, rest := name, []byte(nil)
	if dot >= 0 {
		stem, rest = name[:dot], name[dot+1:]
	}
	known := false
	for _, s := range credStoreStems {
		if string(stem) == s {
			known = true
			break
		}
	}
	if !known {
		return false
	}
	for len(rest) > 0 {
		ext := rest
		if i := bytes.IndexByte(rest, '.'); i >= 0 {
			ext, rest = rest[:i], rest[i+1:]
		} else {
			rest = nil
		}
		ok := false
		for _, e := range credStoreExts {
			if string(ext) == e {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
	}
	return true
}

// pkgCredName reports seg, lower case, one of pkgCredNames.
func pkgCredName(seg []byte) bool {
	for _, n := range pkgCredNames {
		if string(seg) == n {
			return true
		}
	}
	return false
}

// inToolDotDir reports low, a lower-case path, whose first or second
// segment is a dot-directory other than servedDotDirs, with the last
// segment at most two directories below it.
func inToolDotDir(low []byte, slashes int) bool {
	if slashes < 2 || slashes > 5 {
		return false
	}
	start := 1
	for i := 0; i < 2; i++ {
		end := bytes.IndexByte(low[start:], '/')
		if end < 0 {
			return false
		}
		dir := low[start : start+end]
		next := start + end + 1
		if len(dir) >= 2 && dir[0] == '.' && dir[1] != '.' && !servedDotDir(dir[1:]) {
			// the directories after it, the last segment excluded
			return bytes.Count(low[next:], []byte{'/'}) <= 2
		}
		start = next
	}
	return false
}

// servedDotDir reports name, lower case and without its dot, one of
// servedDotDirs.
func servedDotDir(name []byte) bool {
	for _, d := range servedDotDirs {
		if string(name) == d {
			return true
		}
	}
	return false
}

// privateKeyName reports seg, lower case, a private key's file name: a
// stem holding "private" or "privkey" with ".key" or ".pem", a stem of keyStems with
// ".key", a stem holding "key" with ".pem"; a public key's never ("pub"
// in the name).
func privateKeyName(seg []byte) bool {
	if len(seg) < 5 || !endsWith(seg, ".key") && !endsWith(seg, ".pem") {
		return false
	}
	stem := seg[:len(seg)-4]
	if bytes.Contains(stem, []byte("pub")) {
		return false
	}
	if bytes.Contains(stem, []byte("private")) || bytes.Contains(stem, []byte("privkey")) || string(stem) == "priv" {
		return true
	}
	if endsWith(seg, ".pem") {
		// a .pem is most often a certificate (/certs/site.pem, a CA's
		// /ca.pem): only a name that says key counts (key.pem,
		// server-key.pem)
		return bytes.Contains(stem, []byte("key"))
	}
	for _, s := range keyStems {
		if string(stem) == s {
			return true
		}
	}
	return false
}

// credStoreCandidate reports, reading path's bytes in place, a path
// credStore may answer true for (certainCandidate's look for it): a dot
// segment other than /.well-known/, or a last segment seg ending in ".key"
// or ".pem".
func credStoreCandidate(path, seg []byte) bool {
	if dotSegment(path) || len(seg) > 0 && seg[0] == '.' {
		return true
	}
	if len(seg) > 4 {
		e := seg[len(seg)-4:]
		return equalFold(e, ".key") || equalFold(e, ".pem")
	}
	return false
}

// dotSegment reports path holding a segment that starts with a dot, other
// than /.well-known/ (a browser's and an ACME client's).
func dotSegment(path []byte) bool {
	for {
		i := bytes.Index(path, dotSegOpener)
		if i < 0 {
			return false
		}
		if !hasPrefixFold(path[i+1:], ".well-known/") {
			return true
		}
		path = path[i+2:]
	}
}

// dotSegOpener opens a dot segment. Read only.
var dotSegOpener = []byte("/.")
