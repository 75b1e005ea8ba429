package security_test

import (
	"bufio"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/sandbox/sandboxtest"
)

// testCA is a throw-away certificate authority.
type testCA struct {
	cert *x509.Certificate
	key  *ecdsa.PrivateKey
	pem  []byte
}

func newCA(t *testing.T, name string) *testCA {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: name},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	require.NoError(t, err)
	cert, err := x509.ParseCertificate(der)
	require.NoError(t, err)
	return &testCA{cert: cert, key: key, pem: pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})}
}

// leaf issues a server certificate for 127.0.0.1 and returns PEM cert, key.
func (ca *testCA) leaf(t *testing.T) ([]byte, []byte) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "marathon"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		KeyUsage: x509.KeyUsageDigitalSignature,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.cert, &key.PublicKey, ca.key)
	require.NoError(t, err)
	kb, err := x509.MarshalECPrivateKey(key)
	require.NoError(t, err)
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kb})
}

// startTLSEmulator runs `yodel sandbox marathon` with TLS (and basic auth)
// and returns its https URL.
func startTLSEmulator(t *testing.T, bin, dir string, extra ...string) string {
	t.Helper()
	args := append([]string{"sandbox", "marathon", "--listen", "127.0.0.1:0", "--executor", "inproc",
		"--tls-cert", filepath.Join(dir, "server.pem"), "--tls-key", filepath.Join(dir, "server.key")}, extra...)
	cmd := exec.Command(bin, args...)
	stderr, err := cmd.StderrPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	t.Cleanup(func() { _ = cmd.Process.Signal(os.Interrupt); _ = cmd.Wait() })
	urls := make(chan string, 1)
	go func() {
		re := regexp.MustCompile(`listening on (https?://\S+)`)
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			if m := re.FindStringSubmatch(sc.Text()); m != nil {
				urls <- m[1]
			}
		}
	}()
	select {
	case u := <-urls:
		return u
	case <-time.After(30 * time.Second):
		t.Fatal("the emulator did not report its address within 30s")
		return ""
	}
}

// TestMarathonTLSAndAuth: `yodel status` reaches an https Marathon through
// the realm's caFile, refuses a certificate from another CA (and one the
// system roots do not know), and presents basic auth over TLS.
func TestMarathonTLSAndAuth(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the yodel binary")
	}
	bin := sandboxtest.Binary(t)
	dir := t.TempDir()
	good, other := newCA(t, "yodel test CA"), newCA(t, "someone else's CA")
	cert, key := good.leaf(t)
	for name, b := range map[string][]byte{"server.pem": cert, "server.key": key, "ca.pem": good.pem, "other-ca.pem": other.pem} {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), b, 0o600))
	}
	url := startTLSEmulator(t, bin, dir, "--credentials", "admin:"+marathonPW)
	require.True(t, strings.HasPrefix(url, "https://"), url)
	realmFile := func(name, ca, auth string) string {
		p := filepath.Join(dir, name+".yaml")
		body := "realm: " + name + "\nmarathon:\n  urls: [" + url + "]\n"
		if ca != "" {
			body += "  caFile: " + filepath.Join(dir, ca) + "\n"
		}
		if auth != "" {
			body += "  auth: " + auth + "\n"
		}
		body += "state: file://" + filepath.Join(dir, "state") + "\n"
		require.NoError(t, os.WriteFile(p, []byte(body), 0o644))
		return p
	}
	auth := "{basic: {user: admin, passwordEnv: MARATHON_PW}}"
	env := []string{"MARATHON_PW=" + marathonPW}

	code, out, errOut := run(t, bin, dir, env, "status", "--realm", realmFile("good", "ca.pem", auth), "-o", "json")
	assert.Equal(t, 0, code, "trusted CA: %s %s", out, errOut)

	code, _, errOut = run(t, bin, dir, env, "status", "--realm", realmFile("wrongca", "other-ca.pem", auth))
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut, "certificate", "a certificate from another CA is refused: %s", errOut)

	code, _, errOut = run(t, bin, dir, env, "status", "--realm", realmFile("noca", "", auth))
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut, "certificate", "system roots do not trust a private CA: %s", errOut)

	code, _, errOut = run(t, bin, dir, nil, "status", "--realm", realmFile("noauth", "ca.pem", ""))
	assert.Equal(t, 1, code, "no credentials: %s", errOut)
	assert.Contains(t, errOut, "401")

	code, _, errOut = run(t, bin, dir, []string{"MARATHON_PW=" + wrongPW}, "status", "--realm", realmFile("badpw", "ca.pem", auth))
	assert.Equal(t, 1, code)
	assert.NotContains(t, errOut, secretTag)

	// caFile that is not PEM: an input error naming the file.
	require.NoError(t, os.WriteFile(filepath.Join(dir, "junk.pem"), []byte("not a certificate"), 0o600))
	code, _, errOut = run(t, bin, dir, env, "status", "--realm", realmFile("junkca", "junk.pem", auth))
	assert.NotEqual(t, 0, code)
	assert.Contains(t, errOut, "junk.pem")
}
