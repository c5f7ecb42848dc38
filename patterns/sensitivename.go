package patterns

import "bytes"

// A lexicon of names that have no innocent reading: no page, no asset, no
// app's fetch and no link is ever named so, and a request for one that the
// server answers as a miss is a hunt for a credential, a key, a state file
// or a debugging endpoint left open (certainName). Word lists ask them
// under every spelling and with every copy suffix, so the lexicon reads the
// path's structure instead of listing entries: a name's stem and
// extension, a backup suffix stripped off, the directory a tool keeps its
// secrets in. Names that pages, apps and tools do carry stay out, however
// often scanners ask them: /admin, /login, /config, /backup, /download,
// /panel, /config.json (a single-page app loads it), /appsettings.
// Development.json (a Blazor app loads its environment's file),
// /server-status and /actuator/health (monitors poll them), phpinfo.php
// (hosting panels link it), /trace.axd and /elmah.axd (an ASP.NET site's
// own developers open them: oneshot-families keeps one unbanned), Go's
// /debug/vars and the Symfony profiler's other pages (/_profiler/latest:
// word-list probes, watched on a miss by earlier choice, TestFamiliesFifthPass
// and TestWordListProbesWatchedOnMiss); only its phpinfo and its file
// reader (/_profiler/open?file=) are certain. Those keep their own weaker
// signatures.

// certainNames are whole last segments, lower case, after a backup suffix
// is stripped (so .npmrc.bak and credentials.json~ count too). A dotfile
// counts at any depth; a plain name only at the root or one directory
// down: deeper, an API or a chart may serve it (/v4/lke/clusters/1/
// kubeconfig, /charts/x/templates/secrets.yaml, /assets/firebase.json),
// and a miss there is a user's.
var certainNames = [...]string{
	// credential stores of tools, package managers and clients
	".git-credentials", ".npmrc", ".pypirc", ".netrc", "_netrc", ".pgpass", ".my.cnf", ".mylogin.cnf", ".s3cfg", ".boto",
	".dockercfg", ".htpasswd", ".htdigest", ".envrc", ".terraformrc", "terraform.rc", ".vault-token", ".git-credential-cache",
	".vault_pass", ".vault-pass", ".vault_password", ".vault-password",
	"sftp-config.json", ".ftpconfig", "ftpsync.settings", "filezilla.xml", "sitemanager.xml", "recentservers.xml", "winscp.ini",
	// infrastructure state and cluster credentials
	"kubeconfig", "terraform.tfstate", "terraform.tfvars", ".terraform.tfstate.lock.info", "pulumi.yaml.secret",
	// framework secrets
	"master.key", "credentials.yml.enc", "secrets.yml", "secrets.yaml", "secrets.json", "secrets.toml", "secrets.env",
	"secrets.ini", "secrets.xml", "secrets.txt", "credentials.json", "credentials.yml", "credentials.yaml", "credentials.xml",
	"credentials.txt", "credentials.csv", "credentials.ini", "credentials.env", "credentials.toml",
	"service-account.json", "service_account.json", "serviceaccount.json", "serviceaccountkey.json", "service-account-key.json",
	"client_secret.json", "client_secrets.json", "gcloud.json", "google-credentials.json", "firebase-adminsdk.json",
	// a mobile app's build configuration, never deployed to a web server
	"google-services.json", "googleservice-info.plist",
	".firebaserc", "database.yml", "database.yaml", "parameters.yml", "wp-config.php.bak",
	"localsettings.php.bak", "web.config.bak", "settings.py.bak", "config.php.bak", "configuration.php.bak",
	// AI and coding tools' own files (devtoolname.go reads their directories):
	// Claude Code's home and project MCP files, aider's configuration, an
	// API key list, gcloud's application default credentials, Kaggle's
	// token; a Rails app's /api_keys.json route is answered, not missed
	// (their dotfiles, .claude.json and .mcp.json, are devToolDotNames:
	// certain at the root or one directory down only)
	"api_keys.json", "api-keys.json", "apikeys.json", "mcp_config.json", "application_default_credentials.json",
	// data and error-reporting CLIs' tokens, an rclone configuration
	".databrickscfg", ".sentryclirc", "rclone.conf",
	// a home directory's login and session secrets: CVS's passwords, ssh's
	// and Kerberos's trust lists, X11's session cookies, and cloud and
	// host CLIs' tokens (Linode, Vultr)
	".cvspass", ".shosts", ".k5login", ".xauthority", ".iceauthority", ".linode-cli", ".vultr-cli.yaml",
	// mail and chat clients' passwords (msmtp, fetchmail, OfflineIMAP,
	// isync, mutt), classic ASP's connection strings
	".msmtprc", ".fetchmailrc", ".offlineimaprc", ".mbsyncrc", ".muttrc", "global.asa",
	// a password manager's export
	"keepass.xml", "keepass.csv", "1password.csv", "bitwarden.json", "bitwarden.csv", "lastpass.csv",
}

// rootNames are certain at the web root only: an app may fetch its own
// client configuration under the same name from a folder
// (/assets/firebase.json); Firebase's CLI file is never deployed.
//
// mcp.json (Cursor's and VS Code's MCP server list) counts at the root only:
// an MCP registry or a docs site may serve a server's mcp.json from a
// folder; an MCP server itself answers on an endpoint (/mcp, /sse) and
// under /.well-known/, never /mcp.json.
//
// kaggle.json (Kaggle's API token) counts at the root only, and anywhere
// under /.kaggle/ (certainDirs): a site about data science serves its own
// /static/kaggle.json or links a missing one (review rev-sig s16 item 2).
var rootNames = [...]string{"firebase.json", "mcp.json", "kaggle.json"}

// certainPrefixes open a last segment that is certain whatever follows
// (.env.production, id_rsa.bak, wp-config.php.old), except what
// certainPrefixSpares lists for it.
var certainPrefixes = [...]string{".env.", "id_rsa", "id_dsa", "id_ecdsa", "id_ed25519", "wp-config.php.", "wp-config.bak",
	"wp-config.old", "wp-config.txt", "firebase-adminsdk-", "service-account-", "client_secret_",
	// Apple's App Store Connect and push keys (AuthKey_ABC123DEFG.p8); a
	// bare .p8 is a PICO-8 cartridge a games site serves
	"authkey_"}

// certainExts are extensions of key stores, password databases and
// infrastructure state: no site links one.
// (.p12 and .pfx are left out: a portal hands out client certificates, and
// a stale link to one is a user's 404.)
var certainExts = [...]string{".kdbx", ".tfstate", ".tfvars", ".ppk", ".jks", ".keystore", ".bks", ".keychain",
	".keychain-db", ".psafe3", ".1pif"}

// certainDirs are directories a tool keeps its secrets in, and debugging
// endpoints a framework opens only in development: the directory itself
// or anything under it. Each is matched as whole segments anywhere in the
// path; one without a trailing slash names an endpoint, which ends the path
// or a segment.
var certainDirs = [...]string{"/.aws/", "/.ssh/", "/.gnupg/", "/.kube/", "/.docker/", "/.azure/", "/.config/gcloud/",
	"/.vscode/sftp.json", "/_profiler/phpinfo", "/_profiler/open", "/__debug__/", "/_debugbar/", "/debug/pprof/", "/_ignition/",
	"/actuator/heapdump", "/actuator/env", "/actuator/configprops", "/actuator/threaddump", "/.terraform/",
	// directories that hold nothing but a tool's credentials or keys:
	// Hugging Face's token, Ollama's key, Kaggle's token, GitHub CLI's and
	// Copilot's OAuth tokens
	"/.huggingface/", "/.cache/huggingface/", "/.ollama/", "/.kaggle/", "/.config/gh/", "/.config/github-copilot/",
	// and cloud and deploy CLIs' (Oracle Cloud's key and config, Terraform
	// Cloud's token, DigitalOcean's, Hetzner's, rclone's remotes, Pulumi's,
	// Supabase's, Snowflake's connections)
	"/.oci/", "/.terraform.d/", "/.config/doctl/", "/.config/hcloud/", "/.config/rclone/", "/.pulumi/", "/.supabase/",
	"/.snowflake/",
	// and the stores of keys and tokens alone: pass's password store,
	// wallets (Electrum, Ethereum's keystore), Cloud Foundry's and IBM
	// Cloud's session tokens, JFrog's and Helm's repository passwords,
	// Subversion's cached logins
	"/.password-store/", "/.electrum/", "/.ethereum/keystore", "/.cf/", "/.bluemix/", "/.jfrog/", "/.helm/",
	"/.config/helm/", "/.subversion/auth",
	// clients that keep saved passwords or session keys in their profile:
	// Firefox's and Thunderbird's logins and key4.db, Pidgin's accounts,
	// Remmina's and FileZilla's saved servers, IRC bouncers and clients,
	// VNC's password; Terragrunt's cache of provider state
	"/.mozilla/", "/.thunderbird/", "/.purple/", "/.remmina/", "/.filezilla/", "/.config/filezilla/", "/.znc/", "/.irssi/",
	"/.weechat/", "/.vnc/", "/.terragrunt-cache/",
	// a version-control directory moved aside as a whole (vcscopy.go reads
	// the archived and suffixed copies as a last segment)
	"/.git.bak", "/.git.old", "/.git-old", "/.git_old", "/.git2", "/.git.orig", "/.svn.bak", "/.svn.old", "/.svn-old",
	"/.hg.bak", "/.hg.old"}

// backupSuffixes are what editors, admins and archive tools append to a
// file's name when they copy it.
var backupSuffixes = [...]string{".bak", ".old", ".orig", ".save", ".swp", ".swo", "~", ".backup", ".tmp", ".copy",
	".1", ".bk", ".dist.bak", ".sav", ".tar.gz", ".tgz", ".zip", ".gz", ".7z", ".rar", ".tar"}

// certainName reports a path whose name has no innocent reading (see
// above). path is normalised; case is ignored.
//
// The matcher runs it on every line, before it knows the status, so
// certainCandidate first reads the path's bytes in place and turns away
// what cannot match: a page, an asset, a name no entry starts with. Only a
// candidate pays for the lower-case copy and the lexicon (review rev-sig
// s15 LOW-2): an asset's path 224 -> 66 ns, a .php page's 135 -> 23 ns,
// robots.txt 292 -> 106 ns, a dotless page's unchanged (14-45 ns); a
// candidate pays both, /.env.production 245 -> 387 ns. Should
// certainSegment learn a reading these tests do not cover (a name without
// its first byte, a backup suffix ending like a page), certainCandidate
// must learn it too.
func certainName(path []byte) bool {
	// a ;parameter ends the name for servlet containers and some proxies
	// (/.cursor/mcp.json;x serves /.cursor/mcp.json): review rev-sig s16
	// item 7
	if i := bytes.IndexByte(path, ';'); i > 0 {
		path = path[:i]
	}
	if len(path) < 4 || len(path) > 512 || !certainCandidate(path) {
		return false
	}
	return certainNameLexicon(path)
}

// certainCandidate reports a path certainNameLexicon may answer true for:
// it never says false where the lexicon says true
// (TestCertainNameCandidateKeepsVerdicts compares it with the function
// before the prefilter). A path is a candidate if a segment starts with
// one of certainDirs, or if its last segment, ignoring case, may be a
// certain name with or without a backup suffix: it starts with an entry of
// certainNames, rootNames or certainPrefixes (or kubeconfig, _netrc, id_),
// or holds one of certainExts, and does not end with a page's extension.
func certainCandidate(path []byte) bool {
	// every name and directory of the lexicon holds a '.' or a '_' but for
	// these three: most page paths leave here
	if bytes.IndexByte(path, '.') < 0 && bytes.IndexByte(path, '_') < 0 && !containsFold(path, "kubeconfig") &&
		!containsFold(path, "/debug/pprof") && !containsFold(path, "/actuator/") {
		return false
	}
	last := -1
	for j := 0; j < len(path); j++ {
		if path[j] != '/' {
			continue
		}
		last = j
		if j+1 >= len(path) {
			break
		}
		if c := toLower[path[j+1]]; certainDirFirst[c] {
			for _, d := range certainDirsAt(path[j:]) {
				if hasPrefixFold(path[j:], d) {
					return true
				}
			}
		}
	}
	seg := path[last+1:]
	if len(seg) < 4 {
		return false
	}
	// a page's or an asset's extension ends no certain name and no backup
	// suffix ends with one: the bulk of lines leave here
	if dot := bytes.LastIndexByte(seg, '.'); dot >= 0 && len(seg)-dot <= 6 {
		for _, e := range pageExts {
			if equalFold(seg[dot:], e) {
				return false
			}
		}
	}
	for i, c := range seg {
		if c != '.' {
			continue
		}
		for _, e := range certainExts {
			if hasPrefixFold(seg[i:], e) {
				return true
			}
		}
	}
	c := toLower[seg[0]]
	if certainSegFirst[c] {
		for _, list := range [...][]string{certainNames[:], rootNames[:], certainPrefixes[:], certainBareStarts[:], devToolDotNames[:]} {
			for _, n := range list {
				if n[0] == c && hasPrefixFold(seg, n) {
					return true
				}
			}
		}
	}
	return devToolCandidate(path, seg) || credStoreCandidate(path, seg) || ciCandidate(seg) || iacCandidate(seg)
}

// certainBareStarts open the names certainSegment reads without a dot.
var certainBareStarts = [...]string{"kubeconfig", "_netrc", "id_"}

// certainDirFirst and certainSegFirst hold, lower case, the second byte of
// each of certainDirs (after its '/') and the first byte of each name and
// prefix a last segment may start with: certainCandidate's first look.
// Read only.
// certainDirsAt returns the entries of certainDirs that may open p, a
// path from one of its '/' on (any case): those whose second byte is p's,
// and for a dot segment those whose third byte is p's too. The lexicon has
// grown to some seventy directories, most of them dot-directories: each
// segment looks at a handful.
func certainDirsAt(p []byte) []string {
	if len(p) < 2 {
		return nil
	}
	c := toLower[p[1]]
	if c != '.' {
		return certainDirsBy[c]
	}
	if len(p) < 3 {
		return nil
	}
	return certainDotDirsBy[toLower[p[2]]]
}

// certainDirsBy holds certainDirs by their second byte (after the '/'),
// the dot-directories apart; certainDotDirsBy holds those by their third
// byte (after "/."). Read only.
var certainDirsBy, certainDotDirsBy = func() (by, dot [256][]string) {
	for _, d := range certainDirs {
		if d[1] == '.' {
			dot[d[2]] = append(dot[d[2]], d)
			continue
		}
		by[d[1]] = append(by[d[1]], d)
	}
	return by, dot
}()

var certainDirFirst = func() (t [256]bool) {
	for _, d := range certainDirs {
		t[d[1]] = true
	}
	return t
}()

var certainSegFirst = func() (t [256]bool) {
	for _, list := range [...][]string{certainNames[:], rootNames[:], certainPrefixes[:], certainBareStarts[:], devToolDotNames[:]} {
		for _, n := range list {
			t[n[0]] = true
		}
	}
	return t
}()

// certainNameLexicon is certainName's reading of a candidate path.
func certainNameLexicon(path []byte) bool {
	var buf [512]byte
	low := buf[:len(path)]
	for i, c := range path {
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		low[i] = c
	}
	// each directory starts a segment: try them only where a segment
	// starts with the first letter of one ('.', '_', 'a', 'd')
	for j := 0; j < len(low)-1; j++ {
		if low[j] != '/' {
			continue
		}
		if c := low[j+1]; c != '.' && c != '_' && c != 'a' && c != 'd' {
			continue
		}
		for _, d := range certainDirsAt(low[j:]) {
			if !startsWith(low[j:], d) {
				continue
			}
			end := j + len(d)
			if d[len(d)-1] == '/' || end == len(low) || low[end] == '/' {
				return true
			}
		}
	}
	seg := low[bytes.LastIndexByte(low, '/')+1:]
	if len(seg) < 4 {
		return false
	}
	slashes := bytes.Count(low, []byte{'/'})
	if slashes == 1 {
		for _, n := range rootNames {
			if string(seg) == n {
				return true
			}
		}
	}
	shallow := slashes <= 2
	if certainSegment(seg, shallow) || devToolSecret(low, seg, slashes) || devToolDotName(low, seg, slashes) {
		return true
	}
	for _, s := range backupSuffixes {
		if len(seg) > len(s)+3 && endsWith(seg, s) && (certainSegment(seg[:len(seg)-len(s)], shallow) ||
			devToolDotName(low, seg[:len(seg)-len(s)], slashes)) {
			return true
		}
	}
	return false
}

// certainSegment reports a last segment, lower case, that certainNames,
// certainPrefixes or certainExts name; shallow says the segment is at the
// root or one directory down.
func certainSegment(seg []byte, shallow bool) bool {
	// most requests are for pages and assets: no certain name ends so, and
	// a name without a dot is one of few (kubeconfig, _netrc, id_rsa ...)
	if pageExt(seg) {
		return false
	}
	if bytes.IndexByte(seg, '.') < 0 {
		return shallow && string(seg) == "kubeconfig" || string(seg) == "_netrc" || startsWith(seg, "id_") && certainKeyName(seg)
	}
	for _, n := range certainNames {
		if string(seg) == n && (shallow || n[0] == '.') {
			return true
		}
	}
	for _, p := range certainPrefixes {
		if startsWith(seg, p) && !endsWith(seg, ".pub") && !bytes.Contains(seg, []byte(".pub.")) && !(p == ".env." && !shallow && envTemplate(seg)) {
			return true
		}
	}
	for _, e := range certainExts {
		if len(seg) > len(e) && endsWith(seg, e) {
			return true
		}
	}
	return false
}

// certainKeyName reports an SSH private key's name without a dot (id_rsa,
// id_ed25519_deploy).
//
// Exactly a key name, with at most a "_word" suffix: a post's slug
// (/blog/id_rsa-vs-id_ed25519) is prose about keys (review rev-sig s15
// MEDIUM-1 on 490c75c).
func certainKeyName(seg []byte) bool {
	for _, p := range certainPrefixes[1:5] {
		if !startsWith(seg, p) {
			continue
		}
		rest := seg[len(p):]
		if len(rest) == 0 {
			return true
		}
		if rest[0] != '_' || len(rest) == 1 {
			return false
		}
		for _, c := range rest[1:] {
			if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_') {
				return false
			}
		}
		return true
	}
	return false
}

// envTemplate reports a dotenv file's template (.env.example, .env.sample,
// .env.dist, .env.template): a docs site or a project browser links one
// below the root (/docs/getting-started/.env.example); it holds no secret
// by convention (review rev-sig s15 MEDIUM-2 on 490c75c). At the root or
// one directory down it stays certain, as sweeps ask there.
func envTemplate(seg []byte) bool {
	for _, w := range [...]string{"example", "sample", "dist", "template"} {
		if bytes.Contains(seg, []byte(w)) {
			return true
		}
	}
	return false
}

// pageExt reports a name a page or a document ends with: a site's article
// about a key or a dotenv file (/docs/.env.example.html, /id_rsa-howto.md)
// is no hunt for one.
func pageExt(seg []byte) bool {
	for _, e := range pageExts {
		if endsWith(seg, e) {
			return true
		}
	}
	return false
}

// pageExts are pageExt's extensions, lower case: each holds one dot
// and at most six bytes (certainCandidate compares them with the part
// after a name's last dot).
var pageExts = [...]string{".html", ".htm", ".md", ".pdf", ".php", ".asp", ".aspx", ".jsp", ".png", ".jpg", ".svg", ".gif", ".webp",
	".js", ".css", ".ico", ".woff2", ".woff", ".map"}

// startsWith and endsWith are bytes.HasPrefix and HasSuffix for a string
// pattern, without copying the pattern into a byte slice at each call.
func startsWith(b []byte, s string) bool { return len(b) >= len(s) && string(b[:len(s)]) == s }

func endsWith(b []byte, s string) bool { return len(b) >= len(s) && string(b[len(b)-len(s):]) == s }
