package patterns

import "bytes"

// Crawlers that extract links from stylesheets and scripts without
// resolving dot segments (web archives' crawlers, some link checkers) ask
// for a stylesheet's url(../img/sprite.png) as /static/css/../img/sprite.png,
// at every visit of the stylesheet; the server resolves it itself and
// answers the image. traversal-dotdot (5) banned such a crawler at its
// second stylesheet.
//
// A "../" is a traversal only if it climbs out of where the path started:
// above the site's root, where the server never goes (it answers 400), or
// to a file that is not an asset. inRootAsset spares the path when its dot
// segments stay below its first segment (never back at the root, where an
// alias or a location block could map the rest elsewhere) and its last
// segment is a plain static asset's name, with nothing escaped, no '\',
// no ';' (Tomcat's ..;/) and no empty segment in the raw path. A query's
// "../" and every deep or escaped form count as before
// (TestDotAssetAttacksStillCount).

// assetExts are the extensions of files a stylesheet or script links.
var assetExts = [...]string{".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".svg", ".ico", ".css", ".js", ".mjs",
	".woff", ".woff2", ".ttf", ".otf", ".eot", ".map", ".cur"}

func inRootAsset(raw []byte) bool {
	if len(raw) < 2 || raw[0] != '/' || bytes.ContainsAny(raw, "%\\;?#") || bytes.Contains(raw, []byte("//")) {
		return false
	}
	depth := 0
	segs := bytes.Split(raw[1:], []byte("/"))
	for k, s := range segs {
		switch {
		case string(s) == "..":
			depth--
			if depth < 1 {
				return false
			}
		case string(s) == ".":
		case len(s) == 0 || s[0] == '.':
			return false // an empty segment or a dot name (.env, ...)
		default:
			if k < len(segs)-1 {
				depth++
			}
		}
	}
	last := segs[len(segs)-1]
	for _, c := range last {
		if !(isLetter(c) || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.') {
			return false
		}
	}
	for _, e := range assetExts {
		if len(last) > len(e) && equalFold(last[len(last)-len(e):], e) {
			return true
		}
	}
	return false
}
