package realm

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/manifest"
)

// TestFinderDeniesOtherRealmsCredentials: a realm found by a Finder also
// refuses the credential variables and files of the other realms it knows
// (its directories, and the files beside the realm's own), even one that
// fails validation; a realm loaded on its own knows only its own.
func TestFinderDeniesOtherRealmsCredentials(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "realms")
	require.NoError(t, os.MkdirAll(dir, 0o700))
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, []byte(body), 0o600))
		return p
	}
	write("qa.yaml", "realm: qa\nmarathon:\n  urls: [http://m1:8080]\n  auth: {basic: {user: u, passwordEnv: QA_PW}}\nstate: file:///tmp/qa\n")
	write("prod.yaml", "realm: prod\nmarathon:\n  urls: [http://m1:8080]\n  auth: {basic: {user: u, passwordEnv: PROD_PW}}\n"+
		"state: zk://zk1:2181/yodel\n") // refused (no stateAuth): its variable still holds a credential
	write("edge.yml", "realm: edge\nmarathon:\n  urls: [http://m1:8080]\n  auth: {token: {file: edge.token}}\nstate: file:///tmp/edge\n")
	write("notes.yaml", "- not a realm\n")

	f := &Finder{FlagDir: dir, Getenv: func(string) string { return "" }}
	r, err := f.Find("qa")
	require.NoError(t, err)
	p := r.SecretPolicy()
	assert.Contains(t, p.CheckEnv("QA_PW"), "holds realm qa's credential")
	assert.Contains(t, p.CheckEnv("PROD_PW"), "$PROD_PW holds realm prod's credential (marathon.auth.basic.passwordEnv in "+filepath.Join(dir, "prod.yaml")+"): a manifest deployed to realm qa")
	assert.Empty(t, p.CheckEnv("WEB_DB_PW"))
	assert.Contains(t, p.CheckFile(dir, "edge.token"), "edge.token is realm edge's credential file (marathon.auth.token.file in "+filepath.Join(dir, "edge.yml"))

	// A link in the manifest's directory is judged as what it points at,
	// before anything is read, as the deploy will judge it.
	svc := filepath.Join(root, "services")
	require.NoError(t, os.MkdirAll(svc, 0o700))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "edge.token"), []byte("t"), 0o600))
	require.NoError(t, os.Symlink(filepath.Join(dir, "edge.token"), filepath.Join(svc, "token.link")))
	require.NoError(t, os.Symlink(dir, filepath.Join(svc, "realms.link")))
	assert.Contains(t, p.CheckFile(svc, "token.link"), "token.link is realm edge's credential file")
	assert.Contains(t, p.CheckFile(svc, "realms.link/edge.token"), "realms.link/edge.token is realm edge's credential file")
	require.NoError(t, os.Link(filepath.Join(dir, "edge.token"), filepath.Join(svc, "token.hard")))
	assert.Contains(t, p.CheckFile(svc, "token.hard"), "token.hard is realm edge's credential file")
	require.NoError(t, os.WriteFile(filepath.Join(svc, "db.pw"), []byte("pw"), 0o600))
	assert.Empty(t, p.CheckFile(svc, "db.pw"))

	// By path, from another directory: the files beside it count.
	f = &Finder{Getenv: func(string) string { return "" }}
	r, err = f.Find(filepath.Join(dir, "qa.yaml"))
	require.NoError(t, err)
	assert.Contains(t, r.SecretPolicy().CheckEnv("PROD_PW"), "realm prod's credential")

	r, err = Load(filepath.Join(dir, "qa.yaml"), "qa")
	require.NoError(t, err)
	assert.Empty(t, r.SecretPolicy().CheckEnv("PROD_PW"), "Load alone reads no other realm")
}

// TestSecretsAllowEnv: with secrets.allowEnv, manifests may read only the
// variables it lists (names, or prefixes ending in *); the realm's
// credentials stay refused even when a pattern covers them. Entries that
// are not names are refused at load.
func TestSecretsAllowEnv(t *testing.T) {
	r, err := parse(t, "realm: qa\nmarathon:\n  urls: [http://m1:8080]\n  auth: {basic: {user: u, passwordEnv: WEB_MARATHON_PW}}\nstate: file:///tmp/qa\nsecrets: {allowEnv: [WEB_*, SMOKE_TOKEN]}\n")
	require.NoError(t, err)
	p := r.SecretPolicy()
	assert.Empty(t, p.CheckEnv("WEB_DB_PASSWORD"))
	assert.Empty(t, p.CheckEnv("SMOKE_TOKEN"))
	assert.Contains(t, p.CheckEnv("SMOKE_TOKEN_2"), "$SMOKE_TOKEN_2 is not in realm qa's secrets.allowEnv [WEB_*, SMOKE_TOKEN] (realms/qa.yaml): use a variable it allows, or add this one there")
	assert.Contains(t, p.CheckEnv("GITHUB_TOKEN"), "secrets.allowEnv")
	assert.Contains(t, p.CheckEnv("WEB_MARATHON_PW"), "holds realm qa's credential", "a pattern does not open the realm's credentials")

	_, err = parse(t, "realm: qa\nmarathon:\n  urls: [http://m1:8080]\nstate: file:///tmp/qa\nsecrets: {allowEnv: ['*', 'WEB-*', '']}\n")
	require.Error(t, err)
	for _, i := range []string{"0", "1", "2"} {
		assert.Contains(t, err.Error(), "secrets.allowEnv["+i+"]")
	}
}

// A realm found by a Finder knows the names of the others, so a manifest's
// realms.prd is taken for a misspelt prod even when checked against qa.
func TestFinderRealmKnowsOtherRealmNames(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []string{"qa", "prod"} {
		src := "realm: " + n + "\nmarathon: {urls: [\"http://m:8080\"]}\nstate: zk://z:2181/yodel\nstateAuth: {insecure: true}\n"
		require.NoError(t, os.WriteFile(filepath.Join(dir, n+".yaml"), []byte(src), 0o600))
	}
	t.Chdir(t.TempDir())
	f := &Finder{FlagDir: dir, Getenv: func(string) string { return "" }}
	r, err := f.Find("qa")
	require.NoError(t, err)
	m, err := manifest.Parse("services/x.yaml", []byte("service: x\ncmd: ./x\nresources: {cpus: 1, mem: 1}\nrealms:\n  prd: {instances: 2}\n"))
	require.NoError(t, err)
	ws := r.ManifestWarnings(m)
	require.Len(t, ws, 1)
	assert.Equal(t, "services/x.yaml:5:3: realms.prd: warning: no realm prd is known here; did you mean prod? These overrides apply only to a realm named prd", ws[0].Error())
}
