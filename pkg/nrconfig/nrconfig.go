// Package nrconfig builds the newrelic-client-go configuration that the
// canary's metric checks (pkg/metrics) and the deployment markers
// (pkg/notify) share: one place decides the region, the NerdGraph URL
// override and how quiet the client stays.
package nrconfig

import (
	"net/http"
	"time"

	"github.com/newrelic/newrelic-client-go/v2/pkg/config"
	"github.com/newrelic/newrelic-client-go/v2/pkg/region"
)

// New is a client configuration for a region ("eu", otherwise US), an
// optional NerdGraph base URL (tests, proxies), a user API key, and a
// timeout per request. transport may be nil (the default one).
func New(regionName, nerdGraphURL, apiKey, userAgent string, timeout time.Duration, transport http.RoundTripper) (config.Config, error) {
	name := region.US
	if regionName == "eu" {
		name = region.EU
	}
	reg, err := region.Get(name)
	if err != nil {
		return config.Config{}, err
	}
	if nerdGraphURL != "" {
		reg.SetNerdGraphBaseURL(nerdGraphURL)
	}
	cfg := config.New()
	cfg.PersonalAPIKey = apiKey
	cfg.UserAgent = userAgent
	// The client logs at debug level the requests it sends, headers
	// included: keep it quiet whatever the environment says.
	cfg.LogLevel = "error"
	if err := cfg.SetRegion(reg); err != nil {
		return config.Config{}, err
	}
	cfg.Timeout = &timeout
	cfg.HTTPTransport = transport
	return cfg, nil
}
