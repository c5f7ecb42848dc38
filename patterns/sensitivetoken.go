package patterns

import "bytes"

// Word lists that hunt for leaked data name their files in a few words
// (passwords.txt, db_backup.json, customers-2024.csv, api_keys.yml,
// emails.xlsx) but spell them a thousand ways, so no list of whole names
// keeps up: the signatures below read the words of the last path segment's
// name instead, and count only on a miss (a site that serves its own
// /exports/customers.csv answers 200) and only for a file whose extension
// holds data or text, never for a page (/members, /download, /login,
// /panel have no extension; .html, .php, .pdf, images and scripts are a
// site's own documents and code, left to the signatures that know them).

// tokenFileLevel says how sure the last path segment's name is a hunt for
// leaked data: 2 when it names credentials or keys (passwords, secrets,
// credentials, api keys, private keys, wallets) in a file of a dump's or a
// text export's kind, 1 when it names a backup, a dump, a database or a
// list of people or accounts in a file of a data kind, 0 otherwise.
//
// Names that are not a hunt are left out (the word lists' 404s from a
// site's own pages, session 13's review): a build's hashed asset
// (/static/media/wallet.8f3a2c1e.json, a stale tab asking for the last
// deploy's Lottie file), a translation file under a locale folder
// (/locales/fr-CA/passwords.json, i18next's region fallback), a release's
// or a schema's files (wallet-2.4.0-SHA256SUMS.txt, credentials-example.json),
// and in .json, which apps name after their screens, a singular word
// (secret.json, password.json: 1, not 2). What passes: a hunter whose list
// asks only such names (/locales/passwords.json, /secret.json alone); the
// lists seen ask the plain names (passwords.json, secrets.json,
// db-credentials.json), which still count.
func tokenFileLevel(path []byte) int {
	slash := bytes.LastIndexByte(path, '/')
	if slash < 0 || slash == len(path)-1 {
		return 0
	}
	name := path[slash+1:]
	dot := bytes.LastIndexByte(name, '.')
	if dot <= 0 || dot == len(name)-1 || len(name) > 80 {
		return 0
	}
	ext := name[dot+1:]
	// every dotted part before the extension is read: passwords.txt.bak,
	// db.sql.gz, prod.secrets.json
	stem := name[:dot]
	kind := dataKind(ext)
	if kind == 0 || hasBuildHash(stem) || inLocaleDir(path[:slash]) {
		return 0
	}
	json := len(ext) == 4 && ext[0]|0x20 == 'j' && ext[1]|0x20 == 's' && ext[2]|0x20 == 'o' && ext[3]|0x20 == 'n'
	cred, weak, data, veto := false, false, false, false
	forTokens(stem, func(w []byte) {
		switch {
		case json && weakCredWord(w):
			weak = true
		case credWord(w):
			cred = true
		case dataWord(w):
			data = true
		case vetoWord(w):
			veto = true
		}
	})
	switch {
	case veto:
		return 0
	case cred && kind == 2:
		return 2
	case cred || weak || data:
		return 1
	}
	return 0
}

// hasBuildHash reports a part of the name (between dots, dashes or
// underscores) of eight or more hex digits with both a digit and a letter:
// a bundler's content hash (wallet.8f3a2c1e.json, chunk-1b2c3d4e.json).
// Dates and version numbers are digits only and do not count.
func hasBuildHash(stem []byte) bool {
	n, digit, letter := 0, false, false
	for i := 0; i <= len(stem); i++ {
		c := byte('.')
		if i < len(stem) {
			c = stem[i]
			if c >= 'A' && c <= 'Z' {
				c += 'a' - 'A'
			}
		}
		switch {
		case c >= '0' && c <= '9':
			n, digit = n+1, true
		case c >= 'a' && c <= 'f':
			n, letter = n+1, true
		case c == '.' || c == '-' || c == '_':
			if n >= 8 && digit && letter {
				return true
			}
			n, digit, letter = 0, false, false
		default:
			// a letter past f: not a hex part; skip to its end
			n, digit, letter = -len(stem), false, false
		}
	}
	return false
}

// inLocaleDir reports a directory path holding translations: a folder named
// locales, locale, i18n, l10n, lang, langs or translations, or a region
// tag as the last folder (fr-CA, pt_BR, zh-Hant): i18next and its kin load
// one JSON file per namespace from there, and ask the region's first.
func inLocaleDir(dir []byte) bool {
	last := dir
	if i := bytes.LastIndexByte(dir, '/'); i >= 0 {
		last = dir[i+1:]
	}
	if isRegionTag(last) {
		return true
	}
	for len(dir) > 0 {
		var seg []byte
		if i := bytes.IndexByte(dir, '/'); i >= 0 {
			seg, dir = dir[:i], dir[i+1:]
		} else {
			seg, dir = dir, nil
		}
		switch string(seg) { // the path is lower-cased
		case "locales", "locale", "i18n", "l10n", "lang", "langs", "translations":
			return true
		}
	}
	return false
}

// isRegionTag: two or three letters, '-' or '_', two to four letters or
// three digits (fr-ca, pt_br, zh-hant, es-419).
func isRegionTag(s []byte) bool {
	i := 0
	for i < len(s) && s[i] >= 'a' && s[i] <= 'z' {
		i++
	}
	if i < 2 || i > 3 || i == len(s) || s[i] != '-' && s[i] != '_' {
		return false
	}
	rest := s[i+1:]
	if len(rest) < 2 || len(rest) > 4 {
		return false
	}
	alpha, num := true, true
	for _, c := range rest {
		alpha = alpha && c >= 'a' && c <= 'z'
		num = num && c >= '0' && c <= '9'
	}
	return alpha || num && len(rest) == 3
}

// dataKind is 2 for the extensions of dumps, exports and key stores
// (.sql, .csv, .txt, .json, .xlsx, .bak, .kdbx ...), 1 for archives and
// configuration files, 0 for everything else (pages, scripts, images,
// documents: a site's own).
func dataKind(ext []byte) int {
	if len(ext) > 6 {
		return 0
	}
	var b [6]byte
	for i, c := range ext {
		b[i] = c | 0x20
	}
	switch string(b[:len(ext)]) {
	case "sql", "csv", "tsv", "txt", "json", "xls", "xlsx", "bak", "old", "db", "sqlite", "kdbx", "kdb", "dat", "log", "env", "pem", "key", "ppk", "jks", "p12", "pfx":
		return 2
	case "zip", "rar", "tar", "gz", "tgz", "7z", "bz2", "xz", "yml", "yaml", "ini", "conf", "cfg", "xml":
		return 1
	}
	return 0
}

// forTokens calls f with each run of letters of stem, lower-cased, digits
// and punctuation dropped (db_backup-2024 gives db, backup), with each run
// split where it joins two words of the lists (dbbackup, sqldump), and with
// the end of a run that is a list word of six letters or more after
// another word (userpasswords, adminsecrets, fullbackup).
func forTokens(stem []byte, f func([]byte)) {
	var buf [40]byte
	n := 0
	flush := func() {
		if n >= 2 {
			w := buf[:n]
			f(w)
			for i := 2; i <= n-2; i++ {
				head, tail := w[:i], w[i:]
				if listWord(tail) && (listWord(head) || len(tail) >= 6) {
					f(head)
					f(tail)
					break
				}
			}
		}
		n = 0
	}
	for _, c := range stem {
		c |= 0x20
		if c >= 'a' && c <= 'z' {
			if n < len(buf) {
				buf[n] = c
				n++
			}
			continue
		}
		flush()
	}
	flush()
}

func listWord(w []byte) bool { return credWord(w) || dataWord(w) }

// credWord: words that name credentials or keys, singular or plural.
func credWord(w []byte) bool {
	switch string(w) {
	case "password", "passwords", "passwd", "passwds", "pwd", "pwds", "credential", "credentials", "creds",
		"secret", "secrets", "apikey", "apikeys", "privkey", "privatekey", "privatekeys", "wallet", "keystore",
		"htpasswd", "logins", "combolist", "accesskeys":
		return true
	}
	return false
}

// weakCredWord: singular credential words that JSON files of an app's own
// screens and schemas are named after (password.json, secret.json,
// wallet.json, credential.json); in .json they say less than their plurals.
func weakCredWord(w []byte) bool {
	switch string(w) {
	case "password", "secret", "wallet", "credential":
		return true
	}
	return false
}

// vetoWord: words of a release's, a schema's or documentation's files
// (wallet-2.4.0-SHA256SUMS.txt, release-notes, credentials-example.json,
// secrets.schema.json): a site's published or linked files, not a dump.
func vetoWord(w []byte) bool {
	switch string(w) {
	case "sha", "sums", "shasums", "checksums", "checksum", "md", "release", "releases", "notes", "changelog",
		"readme", "license", "example", "examples", "sample", "samples", "schema", "schemas", "template", "templates":
		return true
	}
	return false
}

// dataWord: words that name a backup, a dump, a database or a list of
// people or accounts.
func dataWord(w []byte) bool {
	switch string(w) {
	case "backup", "backups", "bak", "dump", "dumps", "sqldump", "mysqldump", "pgdump", "sql", "mysql",
		"database", "databases", "db", "dbs", "leak", "leaked", "emails", "customers", "clients",
		"accounts", "userlist", "userdb", "users":
		return true
	}
	return false
}
