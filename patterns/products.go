package patterns

import (
	"bytes"
	"regexp"
)

// Products' own requests that name an exploit's file or endpoint. Each
// is recognised by the product's layout and by what the exploit needs
// that the product's request lacks; they run only after a signature hit.

// spare names a product request a signature's hit does not count on (a
// kind rather than a func value: a view passed to a func value escapes,
// and Match would allocate it).
type spare uint8

const (
	spareNone             spare = iota
	spareNagiosCmd              // nagiosCommand
	spareJenkinsValidator       // jenkinsValidator
	spareLokiLabel              // lokiLabel
	spareFolderPicker           // folderPicker
)

func (s spare) holds(v *view) bool {
	switch s {
	case spareNagiosCmd:
		return nagiosCommand(v)
	case spareJenkinsValidator:
		return jenkinsValidator(v)
	case spareLokiLabel:
		return lokiLabel(v)
	case spareFolderPicker:
		return folderPicker(v)
	}
	return false
}

// nagiosCmdPathRe is the command CGI in Nagios Core's, Icinga 1's or
// Thruk's own directory (/nagios/cgi-bin/cmd.cgi, /cgi-bin/nagios4/cmd.cgi,
// /thruk/cgi-bin/cmd.cgi, /icinga/cgi-bin/cmd.cgi, /cgi-bin/icinga/cmd.cgi).
var nagiosCmdPathRe = regexp.MustCompile(`(?i)^(?:/[\w.-]+)*?/(?:(?:nagios\d*|icinga|thruk)/cgi-bin|cgi-bin/(?:nagios\d*|icinga))/cmd\.cgi$`)

// nagiosCmdQueryRe: the form's GET names the command by number first
// or among plain parameters; nothing but word characters in cmd_typ.
var nagiosCmdQueryRe = regexp.MustCompile(`(?i)(?:^|&)cmd_typ=\d+(?:&|$)`)

// nagiosCommand reports Nagios's command CGI as its UI calls it: the form
// by GET with a numeric cmd_typ, or its POST (no query). A shell command
// in another parameter is webshell-cmd-param's or cmd-injection's.
func nagiosCommand(v *view) bool {
	if !nagiosCmdPathRe.Match(v.path) {
		return false
	}
	return len(v.query) == 0 || nagiosCmdQueryRe.Match(v.query)
}

// jenkinsValidatorRe is a job configure page's form validator
// (/job/a/job/b/descriptorByName/<class>/checkScript or checkScriptCompile).
var jenkinsValidatorRe = regexp.MustCompile(`(?i)^(?:/[\w.-]+)?(?:/job/[^/]+)+/descriptorbyname/[\w.$]+/checkscript(?:compile)?$`)

// jenkinsValueRe: the exploits (CVE-2019-1003000/1003029 and kin) pass
// the script in the query's value=; the configure page POSTs it in the
// body.
var jenkinsValueRe = regexp.MustCompile(`(?i)(?:^|&)value=`)

// jenkinsValidator reports Jenkins' own script validator called from a
// job's configure page, with no script in the query.
func jenkinsValidator(v *view) bool {
	return jenkinsValidatorRe.Match(v.path) && !jenkinsValueRe.Match(v.query)
}

// lokiLabel reports a Loki query (/loki/api/v1/..., also through
// Grafana's data source proxy) whose only system paths are /var/log/
// files as label values ({filename="/var/log/nginx/access.log"}, =~ too):
// promtail's default label, in every query Grafana sends. Any other
// system path, a dot-dot, or /var/log/ outside a label value still counts.
func lokiLabel(v *view) bool {
	if indexFold(v.path, "/loki/api/v1/") < 0 {
		return false
	}
	if containsFold(v.path, "/var/") || containsFold(v.path, "/etc/") || containsFold(v.path, "/usr/") || containsFold(v.path, "/root/") {
		return false
	}
	q := v.query
	if containsFold(q, "/etc/") || containsFold(q, "/usr/") || containsFold(q, "/root/") || bytes.Contains(q, dotdot) {
		return false
	}
	n := 0
	for i := indexFold(q, "/var/log/"); i >= 0; n++ {
		if i < 2 || q[i-1] != '"' || q[i-2] != '=' && q[i-2] != '~' {
			return false
		}
		q = q[i+len("/var/log/"):]
		i = indexFold(q, "/var/log/")
	}
	return n > 0
}

// folderPicker reports a self-hosted server's folder picker walking the
// host's directories: Jellyfin's "add media library" dialog
// (/Environment/DirectoryContents?path=/var/lib/docker/volumes/media&
// IncludeFiles=false&IncludeDirectories=true) and Syncthing's "add folder"
// completion (/rest/system/browse?current=/var/lib/syncthing/). Both
// answer with directory names alone, never a file's bytes, so the system
// path is no file read. Spared only on those exact endpoints, for that one
// parameter, Jellyfin's only with IncludeFiles=false, and only for a
// plain absolute directory path (letters, digits, space, _ . - and /; no
// "..", no "//", no segment starting with a dot): path=/etc/passwd with
// files included, file=/var/..., a dot-dot, a last name with a dot
// (current=/var/www/html/config.php), the endpoint behind a script
// (/download.php/rest/system/browse) or an encoded byte still count
// (TestFolderPickerAttacksStillBanned), and lfi-etc-passwd, lfi-system-path
// look at it as before.
func folderPicker(v *view) bool {
	var param string
	switch {
	case pickerPath(v.path, "/environment/directorycontents"):
		if !paramIs(v.query, "includefiles", "false") {
			return false
		}
		param = "path"
	case pickerPath(v.path, "/rest/system/browse"):
		param = "current"
	default:
		return false
	}
	n := 0
	for q := v.query; len(q) > 0; {
		var p []byte
		p, q = nextParam(q)
		i := bytes.IndexByte(p, '=')
		if i < 0 || !equalFold(p[:i], param) {
			if bytes.IndexByte(p, '/') >= 0 || bytes.IndexByte(p, '\\') >= 0 {
				return false // a path in another parameter
			}
			continue
		}
		if !plainDir(p[i+1:]) {
			return false
		}
		n++
	}
	return n == 1
}

// pickerPath reports path is the endpoint ep, alone or under a reverse
// proxy's mount of plain names (/jellyfin/Environment/DirectoryContents):
// no segment before it with an extension or a dot (/download.php/rest/
// system/browse is a script's PATH_INFO, not Syncthing), at most two.
func pickerPath(path []byte, ep string) bool {
	if !hasSuffixFold(path, ep) {
		return false
	}
	pre := path[:len(path)-len(ep)]
	segs := 0
	for i := 0; i < len(pre); i++ {
		c := pre[i]
		switch {
		case c == '/':
			if i+1 < len(pre) && pre[i+1] == '/' || i+1 == len(pre) {
				return false // an empty segment
			}
			segs++
		case isLetter(c) || c >= '0' && c <= '9' || c == '-' || c == '_':
		default:
			return false
		}
	}
	return segs <= 2 && (len(pre) == 0 || pre[0] == '/')
}

// paramIs reports a parameter name=value in q (both compared folded).
func paramIs(q []byte, name, value string) bool {
	for len(q) > 0 {
		var p []byte
		p, q = nextParam(q)
		i := bytes.IndexByte(p, '=')
		if i >= 0 && equalFold(p[:i], name) && equalFold(p[i+1:], value) {
			return true
		}
	}
	return false
}

// plainDir reports an absolute directory path of plain names.
func plainDir(b []byte) bool {
	if len(b) == 0 || b[0] != '/' || bytes.Contains(b, []byte("//")) || bytes.Contains(b, []byte("/.")) {
		return false
	}
	last := bytes.TrimRight(b, "/")
	if i := bytes.LastIndexByte(last, '/'); i >= 0 && bytes.IndexByte(last[i:], '.') >= 0 {
		return false // a file's name (config.php): the picker lists directories
	}
	for _, c := range b {
		if !(isLetter(c) || c >= '0' && c <= '9' || c == ' ' || c == '_' || c == '.' || c == '-' || c == '/') {
			return false
		}
	}
	return true
}
