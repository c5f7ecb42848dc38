package patterns

import "testing"

func TestDeepFileStore(t *testing.T) {
	for _, c := range []struct {
		path string
		want bool
	}{
		{"/.env", false},
		{"/api/.env", false},
		{"/storage/logs/laravel.log", false},
		{"/app/config/parameters.yml", false},
		{"/.git/config", false},
		{"/a/b/.git/config", false},
		{"/a/b/c/.git/config", true},
		{"/secure/attachment/10234/nginx.conf", true},
		{"/attachments/8812/laravel.log", true},
		{"/lib/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d/.env", true},
		{"/uploads/a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6/database.yml", true},
		{"/v1/.env", false},
		{"/12/.env", false},
		{"/deadbeefdeadbeef/.env", false}, // no digit: a word, not a hash
		{"//a//b//c//x.log", true},
		{"/web.config", false},
		{"/etc/ssl/private/ssl-cert-snakeoil.key", false},
		{"/var/www/html/.env", false},
		{"/home/deploy/app/shared/.env", false},
	} {
		if got := deepFileStore([]byte(c.path)); got != c.want {
			t.Errorf("deepFileStore(%q) = %v, want %v", c.path, got, c.want)
		}
	}
}

// A sensitive-file hit deep in a file tree is marked to count only on a
// miss; at the root it counts whatever the answer.
func TestSensitiveDeepHitOnlyOnMiss(t *testing.T) {
	m := mustCompile(t, Options{})
	for _, c := range []struct {
		path     string
		count200 bool
		count404 bool
	}{
		{"/.env", true, true},
		{"/projects/shop/repos/x/browse/.gitignore", false, true},
		{"/secure/attachment/10234/nginx.conf", false, true},
		{"/nginx.conf", true, true},
	} {
		hits := m.Match(&Request{Method: []byte("GET"), Path: []byte(c.path)}, nil)
		if len(hits) == 0 {
			t.Fatalf("%s: no hit", c.path)
		}
		n200 := len(KeepAnswered(append([]Hit(nil), hits...), 200, nil))
		n404 := len(KeepAnswered(append([]Hit(nil), hits...), 404, nil))
		if (n200 > 0) != c.count200 || (n404 > 0) != c.count404 {
			t.Errorf("%s: counts on 200 %v, on 404 %v; want %v, %v (hits %v)", c.path, n200 > 0, n404 > 0, c.count200, c.count404, hits)
		}
	}
}

// FuzzDeepFileStore: any path, no panic, and whatever follows a directory
// named by an id, the name is deep.
func FuzzDeepFileStore(f *testing.F) {
	for _, s := range []string{"/.env", "/a/b/c/x", "/a/123/x", "", "/", "//", "/.", "/a/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d/.env"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, p string) {
		deepFileStore([]byte(p))
		if !deepFileStore([]byte("/x/12345/" + p)) {
			t.Fatalf("/x/12345/%s not deep", p)
		}
	})
}
