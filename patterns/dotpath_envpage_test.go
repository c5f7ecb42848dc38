package patterns

import "testing"

// TestDotPathEnvTemplatePage: a page about a dotenv template is not a
// dot-directory hunt (target-404 look-alike, CI s16), while every other
// dot name, and a template asked for as the file itself, still is.
func TestDotPathEnvTemplatePage(t *testing.T) {
	for p, want := range map[string]bool{
		"/docs/.env.example.html":    false,
		"/guide/.ENV.Sample.md":      false,
		"/docs/.env.production.html": true,
		"/docs/.gitignore.html":      true,
		"/docs/.env.example":         true,
		"/docs/.env.example.html/x":  true,
		"/.idea_modules/":            true,
	} {
		if got := isDotPath([]byte(p)); got != want {
			t.Errorf("isDotPath(%q) = %v, want %v", p, got, want)
		}
	}
}
