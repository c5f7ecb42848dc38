package patterns

import "testing"

// TestDevToolSecret: one request for an AI or coding tool's configuration
// or credential file (attacks8 ai-tool-secret-oneshots) is certain; what
// sites serve under like names is not: a single-page app's configuration,
// an MCP server's endpoint and discovery file, a page about the files, an
// i18n bundle, a forge's raw view deep in a repository, an API description.
func TestDevToolSecret(t *testing.T) {
	t.Parallel()
	certain := []string{
		"/.huggingface/token", "/.cache/huggingface/token", "/mcp.json", "/.ollama/id_ed25519", "/.ollama/history",
		"/config/openai.yaml", "/.windsurf/mcp_config.json", "/.claude/settings.json", "/.claude/.credentials.json",
		"/langchain.env", "/api_keys.json", "/.cursor/mcp.json", "/.config/gcloud/application_default_credentials.json",
		"/.claude.json", "/openai.env", "/.gemini/settings.json", "/.gemini/oauth_creds.json", "/.continue/config.json",
		"/.continue/config.yaml", "/.streamlit/secrets.toml", "/.codex/config.toml", "/.codex/auth.json", "/.aider.conf.yml",
		"/.mcp.json", "/app/.cursor/mcp.json", "/.config/gh/hosts.yml", "/.config/github-copilot/apps.json", "/.kaggle/kaggle.json",
		"/kaggle.json", "/anthropic.json", "/backend/langchain.env", "/prod.env", "/.CURSOR/MCP.JSON", "/.roo/mcp.json",
		"/.vscode/mcp.json", "/.amazonq/mcp.json", "/api/api-keys.json",
		"/.oci/config", "/.oci/oci_api_key.pem", "/.terraform.d/credentials.tfrc.json", "/.config/doctl/config.yaml",
		"/.config/rclone/rclone.conf", "/rclone.conf", "/.pulumi/credentials.json", "/.databrickscfg", "/.sentryclirc",
		"/.m2/settings.xml", "/.gradle/gradle.properties", "/.cargo/credentials.toml", "/.cargo/credentials", "/.dbt/profiles.yml",
		"/.supabase/access-token", "/.snowflake/connections.toml",
	}
	lookalike := []string{
		"/config.json", "/manifest.json", "/settings.json", "/mcp", "/mcp/", "/sse", "/.well-known/mcp.json",
		"/.well-known/mcp/server-card.json", "/servers/github/mcp.json", "/registry/v0/servers/x/mcp.json",
		"/docs/cursor/mcp.json.html", "/blog/claude-settings-json", "/.claude/commands/review.md", "/.cursor/rules/style.mdc",
		"/locales/fr/app/secrets.json", "/openapi.json", "/openapi.yaml", "/openai-cookbook/", "/docs/openai.html",
		"/examples/openai.env.example", "/example.env", "/env.js", "/env.json", "/token", "/oauth/token", "/api/token",
		"/u/repo/raw/main/.cursor/mcp.json", "/u/repo/blob/main/.claude/settings.json", "/.vscode/launch.json",
		"/.vscode/extensions.json", "/static/openai.svg", "/img/ollama.png", "/examples/docker.env", "/a/b/prod.env",
		"/.claudeignore", "/api_keys", "/settings/api-keys", "/groq", "/pinecone-tree.json",
		"/gradle.properties", "/settings.xml", "/docs/rclone.conf.html", "/cargo/credentials", "/.gradle/caches/x.bin",
		"/dbt/profiles.yml", "/m2/settings.xml", "/u/r/raw/main/.m2/settings.xml",
	}
	for _, p := range certain {
		if !certainName([]byte(p)) {
			t.Errorf("certainName(%q) = false, want true", p)
		}
	}
	for _, p := range lookalike {
		if certainName([]byte(p)) {
			t.Errorf("certainName(%q) = true, want false", p)
		}
	}
}
