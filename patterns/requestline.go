package patterns

import "bytes"

// smuggleResidue reports whether method is an ordinary method glued to the
// bytes a request-smuggling probe left on the connection: GPOST, GGET,
// XPOST, 0GET. A CL.TE or TE.CL desync probe sends a body the front end and
// the back end delimit differently; the part one of them leaves over ("G",
// "0\r\n\r\nG", "x=1") is read as the start of the next request on the
// connection, so the next method arrives as "GPOST" and is answered 400 or
// 501 (smuggler.py and Burp's HTTP Request Smuggler use exactly "GPOST").
// No client writes such a method: extension methods are words of their own
// (PROPFIND, MKCOL, SEARCH ...), and the two real methods of this shape are
// left out: Exchange's WebDAV batch BDELETE (with BCOPY, BMOVE, BPROPFIND,
// which end in no ordinary method) and RFC 2774's M-POST, written with a
// hyphen. A poisoned victim's request on a shared back-end connection can
// carry the residue too, which is why the signature weighs 5, not 10.
func smuggleResidue(method []byte) bool {
	n := len(method)
	if n < 4 || n > 9 {
		return false
	}
	for _, base := range smuggleBases {
		if n <= len(base) || n > len(base)+2 || !bytes.HasSuffix(method, []byte(base)) {
			continue
		}
		pre := method[:n-len(base)]
		for _, c := range pre {
			if !('A' <= c && c <= 'Z' || '0' <= c && c <= '9') {
				return false
			}
		}
		return string(method) != "BDELETE"
	}
	return false
}

var smuggleBases = [...]string{"GET", "POST", "PUT", "HEAD", "DELETE", "OPTIONS", "PATCH"}

// confluenceEnterVars reports whether the request is the body-carrying step
// of CVE-2021-26084: a POST to Confluence's page-variables actions
// (/pages/doenterpagevariables.action, /pages/createpage-entervariables.action)
// without a Referer. The OGNL payload rides in the POST body (queryString=,
// linkCreation=), which no access log shows, and a real Confluence answers
// the request 200, so neither ognl-injection nor a miss-only probe sees it.
// What tells the exploit apart is how it arrives: a user reaches
// doenterpagevariables.action by submitting the form that
// createpage-entervariables.action rendered, and the browser sends that
// page as the Referer of a same-origin POST (every default referrer policy
// keeps it; Confluence sets none stricter). Exploit scripts post the body
// directly. An exploit that forges a Referer passes; a user whose browser
// strips every Referer (an extension, no-referrer configured by hand) and
// who fills in a template's variables is banned: rare enough for a flaw
// that runs code as the Confluence server.
func confluenceEnterVars(method, path []byte, refEmpty bool) bool {
	if !refEmpty || string(method) != "POST" {
		return false
	}
	// Tomcat drops a path parameter (;jsessionid=..., ;x) before it maps
	// the action, so the exploit may carry one (review s12 item 7).
	if i := bytes.IndexByte(path, ';'); i >= 0 {
		path = path[:i]
	}
	return hasSuffixFold(path, "/doenterpagevariables.action") || hasSuffixFold(path, "/createpage-entervariables.action")
}
