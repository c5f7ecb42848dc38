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
	stem := name[:dot]
	if i := bytes.IndexByte(stem, '.'); i > 0 {
		// a double extension (passwords.txt.bak, db.sql.gz) reads the
		// first one's stem; the outer one decides the kind
		stem = stem[:i]
	}
	kind := dataKind(ext)
	if kind == 0 {
		return 0
	}
	cred, data := false, false
	forTokens(stem, func(w []byte) {
		switch {
		case credWord(w):
			cred = true
		case dataWord(w):
			data = true
		}
	})
	switch {
	case cred && kind == 2:
		return 2
	case cred || data:
		return 1
	}
	return 0
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
