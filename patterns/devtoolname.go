package patterns

import "bytes"

// The secrets of developer machines' AI and coding tools, read by
// structure: a tool's dot-directory in a home directory or a project
// (~/.cursor/mcp.json, ~/.claude/settings.json, ~/.huggingface/token,
// .streamlit/secrets.toml) holding one of the file names such tools keep
// their configuration and credentials in. Sweeps ask them one request per
// address (attacks8 ai-tool-secret-oneshots); no web page, asset or app
// fetch is named so, since a browser fetches no dot-directory but
// /.well-known/. What a site does serve stays out: a single-page app's
// /config.json, /manifest.json and /settings.json, an MCP server's
// endpoint (/mcp, /mcp/, /sse) and its discovery file under
// /.well-known/, an i18n bundle, a forge's raw view of a repository deep
// in its path, and any page or document about these files (pageExt).
//
// Three shapes count, on a miss only (certainName's rule):
//   - a tool's dot-directory as the first or second segment, with one of
//     devToolFiles at most one directory below it (/.continue/config.json,
//     /app/.cursor/mcp.json, /.codex/config.toml);
//   - an AI vendor's or framework's name as the stem of a configuration
//     file at the root or one directory down (/config/openai.yaml,
//     /langchain.env, /anthropic.json): a site's own file under such a name
//     is served, and a page about it is a page;
//   - a dotenv file named by its extension at the web root (/openai.env,
//     /prod.env), templates aside (/example.env): .env is read by a
//     process, never linked.
//
// Exact names of tool files (.claude.json, .mcp.json, api_keys.json,
// mcp.json at the root) are in certainNames and rootNames.

// devToolDirs are the dot-directories AI and coding tools keep their
// configuration in, lower case, without the dot. A directory that holds
// nothing but credentials (.huggingface, .ollama, .kaggle) is in
// certainDirs instead, whatever the file.
var devToolDirs = [...]string{"cursor", "claude", "continue", "windsurf", "codeium", "gemini", "codex", "aider", "streamlit",
	"amazonq", "copilot", "cline", "roo", "kiro", "zed", "lmstudio", "openai", "anthropic", "langchain", "vscode", "opencode", "goose",
	// build tools and data CLIs that keep a registry's or a warehouse's
	// password beside their settings (Maven, Gradle, Cargo, dbt)
	"m2", "gradle", "cargo", "dbt"}

// devToolFiles are the names those tools keep secrets or server
// definitions (with their tokens) in, lower case.
var devToolFiles = [...]string{"token", "tokens", "credentials", "credentials.json", ".credentials.json", "auth.json",
	"oauth_creds.json", "settings.json", "settings.local.json", "config.json", "config.yaml", "config.yml", "config.toml",
	"mcp.json", "mcp_config.json", "mcp_settings.json", "cline_mcp_settings.json", "secrets.toml", "hosts.yml", "hosts.json",
	"apps.json", "api_key", "apikey", ".env", "keys.json", "profiles.yml", "credentials.toml", "settings.xml",
	"settings-security.xml", "gradle.properties"}

// devToolStems are AI vendors' and frameworks' names that name a
// configuration file by its stem (openai.yaml, langchain.env); common
// words and given names (gemini, claude, mistral, cohere) are left out, as
// is openapi, which an API description is named after.
var devToolStems = [...]string{"openai", "anthropic", "langchain", "langsmith", "huggingface", "ollama", "llamaindex",
	"litellm", "openrouter", "pinecone", "groq", "deepseek"}

// devToolExts are the configuration extensions devToolStems count with.
var devToolExts = [...]string{".env", ".yaml", ".yml", ".json", ".toml", ".ini", ".cfg", ".conf"}

// devToolSecret reports a path, lower case, whose last segment seg is a
// developer tool's configuration or credential file by the shapes above;
// slashes counts the path's '/'.
//
// Tools' credential stores and private keys (credstore.go), CI pipeline
// definitions (cimeta.go), infrastructure-as-code sources (iacname.go)
// and archived version-control directories (vcscopy.go) are read here too, so that every
// reading of a tool's file sits behind one call.
func devToolSecret(low, seg []byte, slashes int) bool {
	if len(seg) < 4 || pageExt(seg) {
		return false
	}
	if credStore(low, seg, slashes) || ciMeta(low, seg, slashes) || iacName(low, seg, slashes) || vcsCopyName(seg) {
		return true
	}
	if devToolDirFile(low) {
		return true
	}
	if slashes > 2 {
		return false
	}
	dot := bytes.IndexByte(seg, '.')
	if dot <= 0 {
		return false
	}
	stem, ext := seg[:dot], seg[dot:]
	for _, s := range devToolStems {
		if string(stem) != s {
			continue
		}
		// one directory down, a site about AI names its data, logos and
		// price lists after the vendors (/data/openai.json, /logos/
		// openai.json, /providers/deepseek.json: review rev-sig s16 item
		// 2): only a dotenv file, or a configuration file in a directory
		// named for configuration or secrets (/config/openai.yaml), counts
		if slashes == 2 && string(ext) != ".env" && !stemConfigDir(low[1:len(low)-len(seg)-1]) {
			return false
		}
		for _, e := range devToolExts {
			if string(ext) == e {
				return true
			}
		}
	}
	return slashes == 1 && endsWith(seg, ".env") && !envTemplate(seg)
}

// configDirs are directory names, lower case, that say a file holds
// configuration or secrets: a vendor-stem file one directory down counts
// under one of them.
var configDirs = [...]string{"config", "configs", "conf", "configuration", "settings", "secrets", "secret", "credentials",
	"creds", "private", "env", "envs", ".config", "keys"}

// stemConfigDir reports dir, lower case, one of configDirs.
func stemConfigDir(dir []byte) bool {
	for _, d := range configDirs {
		if string(dir) == d {
			return true
		}
	}
	return false
}

// docsDirs are directory names, lower case, of documentation and
// examples: a docs site names its pages and broken links after the files
// they explain (/docs/.cursor/mcp.json, /docs/examples/.mcp.json: review
// rev-sig s16 item 2), while a tool's real files sit in a home or a
// project directory, never under these.
var docsDirs = [...]string{"docs", "doc", "documentation", "examples", "example", "samples", "sample", "guide", "guides",
	"tutorial", "tutorials", "manual", "wiki", "help", "kb", "learn", "blog"}

// docsFirst reports low, a lower-case path, whose first segment is one of
// docsDirs.
func docsFirst(low []byte) bool {
	if len(low) < 2 {
		return false
	}
	i := bytes.IndexByte(low[1:], '/')
	if i < 0 {
		return false
	}
	first := low[1 : i+1]
	for _, d := range docsDirs {
		if string(first) == d {
			return true
		}
	}
	return false
}

// devToolDotNames are AI and coding tools' own dotfiles (Claude Code's
// home and project MCP files, aider's configuration): certain at the root
// or one directory down (a home or a project), never under a docs or
// examples directory (review rev-sig s16 item 2: /docs/examples/.mcp.json
// is a docs page's broken link).
var devToolDotNames = [...]string{".claude.json", ".mcp.json", ".aider.conf.yml", ".aider.conf.yaml", ".aider.model.settings.yml"}

// devToolDotName reports seg, lower case, one of devToolDotNames, at the
// root or one directory down of low, outside a docs directory.
func devToolDotName(low, seg []byte, slashes int) bool {
	if slashes > 2 || len(seg) < 9 || seg[0] != '.' {
		return false
	}
	for _, n := range devToolDotNames {
		if string(seg) == n {
			return !docsFirst(low)
		}
	}
	return false
}

// devToolDirFile reports a tool's dot-directory as the first or second
// segment of low with one of devToolFiles at most one directory below it.
// It reads the segments in place: the matcher calls it on every candidate.
func devToolDirFile(low []byte) bool {
	var starts [5]int // where each segment starts, after its '/'
	n := 0
	for i, c := range low {
		if c == '/' {
			if n == len(starts) {
				return false
			}
			starts[n] = i + 1
			n++
		}
	}
	if n < 2 || n > 4 {
		return false
	}
	last := low[starts[n-1]:]
	known := false
	for _, f := range devToolFiles {
		if string(last) == f {
			known = true
			break
		}
	}
	if !known {
		return false
	}
	for i := 0; i < 2 && i < n-1; i++ {
		if n-1-i > 2 {
			continue
		}
		if i == 1 && docsFirst(low) {
			// a docs site's page or broken link named after the file
			// (/docs/.cursor/mcp.json): review rev-sig s16 item 2
			break
		}
		s := low[starts[i] : starts[i+1]-1]
		if len(s) < 3 || s[0] != '.' {
			continue
		}
		for _, d := range devToolDirs {
			if string(s[1:]) == d {
				return true
			}
		}
	}
	return false
}

// devToolDirAt reports b starting, ignoring case, with one of
// devToolDirs (b follows a segment's dot): /.well-known/ and other dot
// paths leave certainCandidate here.
func devToolDirAt(b []byte) bool {
	if len(b) == 0 || !devToolDirFirst[toLower[b[0]]] {
		return false
	}
	for _, d := range devToolDirs {
		if hasPrefixFold(b, d) {
			return true
		}
	}
	return false
}

// devToolCandidate reports, reading path's bytes in place, a path
// devToolSecret may answer true for (certainCandidate's look for it): a
// dot segment among the first two, a last segment seg that starts with
// one of devToolStems or ends with ".env".
func devToolCandidate(path, seg []byte) bool {
	if len(path) > 2 && path[1] == '.' && devToolDirAt(path[2:]) {
		return true
	}
	if i := bytes.IndexByte(path[1:], '/'); i >= 0 && i+3 < len(path) && path[i+2] == '.' && devToolDirAt(path[i+3:]) {
		return true
	}
	if len(seg) > 4 && equalFold(seg[len(seg)-4:], ".env") {
		return true
	}
	if len(seg) == 0 || !devToolStemFirst[toLower[seg[0]]] {
		return false
	}
	for _, s := range devToolStems {
		if hasPrefixFold(seg, s) {
			return true
		}
	}
	return false
}

// devToolDirFirst and devToolStemFirst hold the first byte of each of
// devToolDirs and devToolStems: devToolCandidate's first look. Read only.
var devToolDirFirst = func() (t [256]bool) {
	for _, d := range devToolDirs {
		t[d[0]] = true
	}
	return t
}()

var devToolStemFirst = func() (t [256]bool) {
	for _, s := range devToolStems {
		t[s[0]] = true
	}
	return t
}()
