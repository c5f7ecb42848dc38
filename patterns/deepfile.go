package patterns

// A sensitive file's name (nginx.conf, laravel.log, database.yml, .env,
// .gitignore) deep in a tree that serves users' files is a repository
// file or a ticket's attachment: Bitbucket's /projects/X/repos/y/browse/
// .gitignore, Gerrit's gitiles, Trac's /browser/trunk/web.config, ViewVC,
// cgit, OpenGrok, Jira's /secure/attachment/10234/nginx.conf, Redmine's
// /attachments/8812/laravel.log, Seafile's /lib/<uuid>/file/.../.env.
// Forges other than the ones repoInfixes names, and trackers, are too many
// to list, and each is answered 200 where it serves the file. Word lists
// ask for such names at the root or one or two directories down (/.env,
// /storage/logs/laravel.log, /app/config/parameters.yml), where the hit
// counts whatever the answer: a /.env answered 200 is the leak itself.
//
// So a sensitive-file hit in the path counts nothing when served (2xx),
// in full on a miss (404, 410, 444) and at watch weight otherwise (401,
// 403, 405, 302, 5xx: a site denying dotfiles or redirecting unknown
// paths to its login; OnlyUnserved) when the name sits three or more
// directories down, or below a directory named by an id (digits, a long
// hex hash, a UUID: an attachment's or an upload's store), unless the path
// is a file system's (/etc/, /var/, /home/ ...) or holds a ".." (plain or
// encoded: /123/../.env is the root's .env). The price, written as tests:
// a site that answers 200 to any path (a single-page app's catch-all) lets
// a deep probe count nothing; a scanner's deep guesses answered 404 still
// count as before, at any rate.

// deepFileStore reports that the file a sensitive-file signature names in
// path (normalised, lower case) lies where a site serves users' files: the
// first dot-segment, or else the last segment, has three or more non-empty
// directories before it, or one of them is an id.
func deepFileStore(path []byte) bool {
	for _, root := range systemRoots {
		if hasPrefixFold(path, root) {
			return false // a file system path asked of the web server: /etc/ssl/private/x.key
		}
	}
	if dotDot(path) {
		return false // /123/../.env is /.env: resolved, the name is at the root
	}
	end := len(path)
	for i := 0; i+1 < len(path); i++ {
		if path[i] == '/' && path[i+1] == '.' {
			end = i
			break
		}
	}
	if end == len(path) {
		for end > 0 && path[end-1] != '/' {
			end--
		}
		if end > 0 {
			end-- // the slash before the last segment
		}
	}
	dirs := 0
	for i := 0; i < end; {
		for i < end && path[i] == '/' {
			i++
		}
		j := i
		for j < end && path[j] != '/' {
			j++
		}
		if j > i {
			dirs++
			if idSegment(path[i:j]) {
				return true
			}
		}
		i = j
	}
	return dirs >= 3
}

// dotDot reports two dots in a row anywhere in path, either written as
// %2e or %252e (any case): a ".." segment the server resolves, so the name
// may not lie as deep as its directories say (/123/../.env, /a/%2e%2e/.git).
func dotDot(path []byte) bool {
	prev := false // the last character read was a dot
	for i := 0; i < len(path); {
		n := 0 // length of a dot at i, 0 if none
		switch {
		case path[i] == '.':
			n = 1
		case i+2 < len(path) && path[i] == '%' && path[i+1] == '2' && (path[i+2] == 'e' || path[i+2] == 'E'):
			n = 3
		case i+4 < len(path) && path[i] == '%' && path[i+1] == '2' && path[i+2] == '5' && path[i+3] == '2' && (path[i+4] == 'e' || path[i+4] == 'E'):
			n = 5
		}
		if n == 0 {
			prev = false
			i++
			continue
		}
		if prev {
			return true
		}
		prev = true
		i += n
	}
	return false
}

// systemRoots begin the absolute file system paths that scanners append to
// a site's root (/etc/ssl/private/ssl-cert-snakeoil.key, /var/www/html/.env,
// /home/user/.ssh/id_rsa): no site keeps users' files under them.
var systemRoots = []string{"/etc/", "/var/", "/home/", "/root/", "/usr/", "/opt/", "/srv/", "/proc/", "/tmp/"}

// idSegment reports a path segment that names a stored object rather than
// a directory of an application: three or more digits, a hex hash of 16 or
// more characters with a digit in it, or a UUID.
func idSegment(s []byte) bool {
	digits, hex, dash := 0, 0, 0
	for _, c := range s {
		switch {
		case c >= '0' && c <= '9':
			digits++
			hex++
		case c >= 'a' && c <= 'f', c >= 'A' && c <= 'F':
			hex++
		case c == '-':
			dash++
		default:
			return false
		}
	}
	switch {
	case digits == len(s):
		return digits >= 3
	case dash == 0:
		return hex >= 16 && digits > 0
	default:
		return len(s) == 36 && dash == 4 && digits > 0
	}
}
