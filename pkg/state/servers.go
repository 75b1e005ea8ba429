package state

import "fmt"

// ZKServers returns the host:port list of a zk:// store URL, for other
// ZooKeeper users of the realm (Curator discovery registrations).
func ZKServers(raw string) ([]string, error) {
	u, err := parseURL(raw)
	if err != nil {
		return nil, err
	}
	if u.scheme != "zk" {
		return nil, fmt.Errorf("%s is not a ZooKeeper store", u.raw)
	}
	return u.servers, nil
}
