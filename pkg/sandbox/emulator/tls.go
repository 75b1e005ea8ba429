package emulator

import (
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"net/http"
	"os"
)

// loadTLS reads the certificate and key once at start, so a bad file is an
// error of New rather than of the first connection.
func (e *Emulator) loadTLS() error {
	cert, err := tls.LoadX509KeyPair(e.cfg.TLSCertFile, e.cfg.TLSKeyFile)
	if err != nil {
		return fmt.Errorf("TLS certificate %s / key %s: %w", e.cfg.TLSCertFile, e.cfg.TLSKeyFile, err)
	}
	pem, err := os.ReadFile(e.cfg.TLSCertFile)
	if err != nil {
		return fmt.Errorf("TLS certificate: %w", err)
	}
	// Peers on the same state dir serve the same certificate: trust it (and
	// the CA that signed it, when the file carries the chain).
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(pem)
	e.tlsConfig = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
	e.tlsPeers = &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}
	return nil
}

// scheme is the URL scheme clients reach this emulator with.
func (e *Emulator) scheme() string {
	if e.tlsConfig != nil {
		return "https"
	}
	return "http"
}

// peerTransport is the transport a follower proxies to the leader with.
func (e *Emulator) peerTransport() http.RoundTripper {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	if e.tlsPeers != nil {
		tr.TLSClientConfig = e.tlsPeers.Clone()
	}
	return tr
}
