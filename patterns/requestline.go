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

// confluenceEnterVars reports whether the request is a step of
// CVE-2021-26084 that arrives without what a user's form brings: a POST to
// Confluence's page-variables actions (/pages/doenterpagevariables.action,
// /pages/createpage-entervariables.action) without a Referer, or a GET of
// createpage-entervariables.action without a Referer and without the
// templateId every "create from template" link carries (the public
// exploits' ?SpaceKey=x). The OGNL payload rides in the POST body
// (queryString=, linkCreation=), which no access log shows, and a real
// Confluence answers the request 200, so neither ognl-injection nor a
// miss-only probe sees it. A user reaches doenterpagevariables.action by
// submitting the form that createpage-entervariables.action rendered, and
// the browser sends that page as the Referer of a same-origin POST.
// Exploit scripts post the body directly. But a missing Referer is no
// proof: an office proxy that strips Referer for its whole NAT, a privacy
// extension, or a site-wide Referrer-Policy: no-referrer leave a user's
// form POST without one (review s12 item 8). So each of the two shapes
// weighs 5, and a ban needs two: the exploit's GET without templateId and
// its POST, or two exploit POSTs (a scanner's template tries both actions).
// The payload itself in the query is confluencePayload's (10).
// An exploit that forges a Referer and a templateId passes.
func confluenceEnterVars(method, path, query []byte, refEmpty bool) bool {
	if !refEmpty {
		return false
	}
	// Tomcat drops a path parameter (;jsessionid=..., ;x) before it maps
	// the action, so the exploit may carry one (review s12 item 7).
	if i := bytes.IndexByte(path, ';'); i >= 0 {
		path = path[:i]
	}
	switch string(method) {
	case "POST":
		return hasSuffixFold(path, "/doenterpagevariables.action") || hasSuffixFold(path, "/createpage-entervariables.action")
	case "GET", "HEAD":
		return hasSuffixFold(path, "/createpage-entervariables.action") && !hasParamFold(query, "templateid")
	}
	return false
}

// confluencePayload reports CVE-2021-26084's OGNL carried in the query of a
// request to the page-variables actions, whatever its method and Referer:
// a queryString= or linkCreation= value holding an escaped quote (\u0027,
// \x27) or an OGNL expression's opening (#{, %{, ${). Confluence's own
// forms send neither parameter in the query, and no title or search term
// is written with a JavaScript escape.
func confluencePayload(path, query []byte) bool {
	if len(query) == 0 {
		return false
	}
	if i := bytes.IndexByte(path, ';'); i >= 0 {
		path = path[:i]
	}
	if !hasSuffixFold(path, "/doenterpagevariables.action") && !hasSuffixFold(path, "/createpage-entervariables.action") {
		return false
	}
	for _, name := range [...]string{"querystring", "linkcreation"} {
		v, ok := paramFold(query, name)
		// the decoded query has its backslashes turned to slashes
		if ok && (containsFold(v, `\u0027`) || containsFold(v, `/u0027`) || containsFold(v, `\x27`) || containsFold(v, `/x27`) ||
			bytes.Contains(v, []byte("#{")) || bytes.Contains(v, []byte("%{")) || bytes.Contains(v, []byte("${"))) {
			return true
		}
	}
	return false
}

// paramFold returns the value of the first query parameter named name
// (ASCII case folded), up to the next '&', and whether there is one.
func paramFold(query []byte, name string) ([]byte, bool) {
	for len(query) > 0 {
		p := query
		if i := bytes.IndexByte(query, '&'); i >= 0 {
			p, query = query[:i], query[i+1:]
		} else {
			query = nil
		}
		if len(p) > len(name) && p[len(name)] == '=' && hasPrefixFold(p, name) {
			return p[len(name)+1:], true
		}
	}
	return nil, false
}

// hasParamFold reports whether the query names parameter name.
func hasParamFold(query []byte, name string) bool {
	_, ok := paramFold(query, name)
	return ok
}
