package patterns

import "testing"

// TestCredStoreAndCIMeta: a tool's credential store in a dot-directory
// (attacks9 oneshot-cloud-credential-probes: /.gcloud/credentials.db), a
// private key by its name, a home directory's login secrets, a secret
// store's directory, a CI pipeline's definition, a moved or archived
// version-control directory and an infrastructure-as-code source are
// certain on one request; what hosts serve in dot-directories, certificates and public
// keys, slide decks, pages about the files, forges' views deep in a
// repository and docs sites' examples are not.
func TestCredStoreAndCIMeta(t *testing.T) {
	t.Parallel()
	certain := []string{
		"/.gcloud/credentials.db", "/.gcloud/access_tokens.db", "/.heroku/credentials", "/.heroku/netrc",
		"/.config/composer/auth.json", "/.config/pip/pip.conf", "/.pip/pip.conf", "/.nuget/NuGet/NuGet.Config",
		"/.credentials", "/.secrets.json", "/app/.gcloud/legacy_credentials", "/.mytool/tokens.json", "/.x/y/creds.yaml",
		"/server.key", "/privkey.pem", "/ssl/private.key", "/key.pem", "/certs/server-key.pem", "/AuthKey_ABC123DEFG.p8",
		"/.cvspass", "/.Xauthority", "/.k5login", "/keepass.xml", "/store.bks", "/login.keychain-db",
		"/.password-store/", "/.ethereum/keystore/", "/.electrum/wallets/default_wallet", "/.cf/config.json", "/.jfrog/jfrog-cli.conf",
		"/.config/helm/repositories.yaml", "/.subversion/auth/svn.simple/x",
		"/bitbucket-pipelines.yml", "/azure-pipelines.yml", "/cloudbuild.yaml", "/buildspec.yml", "/app/.woodpecker.yml",
		"/.semaphore/semaphore.yml", "/.teamcity/settings.kts", "/.github/workflows/deploy.yml", "/api/.circleci/config.yml",
		"/.git.zip", "/.git.tar.gz", "/.svn.zip", "/.git.bak/", "/.git-old/", "/.hg_old", "/app/.git~",
		"/main.tf", "/variables.tf", "/terraform/provider.tf", "/infra/main.tf.json", "/terragrunt.hcl", "/.terragrunt-cache/x",
		"/.msmtprc", "/.fetchmailrc", "/.mozilla/firefox/profiles.ini", "/.purple/accounts.xml", "/.vnc/passwd",
		"/global.asa", "/.vault_pass.txt",
	}
	lookalike := []string{
		"/.well-known/openid-configuration", "/.well-known/security.txt", "/.netlify/identity/token", "/.netlify/functions/auth",
		"/.auth/me", "/.auth/login/aad/callback", "/.ory/oauth2/token", "/.within.website/x/cmd/anubis/api/pass-challenge",
		"/assets/auth.json", "/api/v1/auth/token", "/a/b/c/.x/y/credentials", "/.x/a/b/c/credentials.db", "/.x/credentials.html",
		"/.x/credentials.exe", "/ca.pem", "/certs/site.pem", "/downloads/root-ca.pem", "/keys/public.pem", "/pubkey.pem",
		"/private.pub.pem", "/talks/deck.key", "/slides/privacy.key", "/a/b/server.key", "/games/celeste.p8", "/help/keychain",
		"/docs/azure-pipelines.yml", "/examples/.circleci/config.yml", "/alice/dotfiles/src/branch/main/.circleci/config.yml",
		"/guides/buildspec.yml.html", "/blog/cloudbuild-yaml-tips", "/a/b/c/cloudbuild.yaml", "/.github/ISSUE_TEMPLATE/bug.md",
		"/.github/workflows/", "/Jenkinsfile", "/downloads/eduroam.p12", "/id_rsa.pub", "/locales/fr/app/secrets.json",
		"/owner/repo.git", "/owner/repo.git/info/refs", "/.gitignore", "/.git", "/.gitkeep", "/.github-old.md",
		"/docs/main.tf", "/examples/vpc/main.tf", "/a/b/c/main.tf", "/blog/main-tf-tips", "/main.tf.html", "/v1.2.tf/",
		"/mozilla/firefox.html", "/global.asax.cs.html",
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
