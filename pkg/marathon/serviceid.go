package marathon

import "strings"

// IsServiceAppID reports whether id is one of service svc's own app ids,
// /<svc>-blue and /<svc>-green (appdef.AppID builds them). Anyone who can
// post to Marathon can label an app YODEL_SERVICE=svc; only these ids are
// the service's.
func IsServiceAppID(svc, id string) bool {
	return id == "/"+svc+"-blue" || id == "/"+svc+"-green"
}

// ServiceOfAppID is the service whose own app id is id (IsServiceAppID),
// or "" for any other id.
func ServiceOfAppID(id string) string {
	for _, colour := range []string{"-blue", "-green"} {
		if svc, ok := strings.CutSuffix(strings.TrimPrefix(id, "/"), colour); ok && IsServiceAppID(svc, id) {
			return svc
		}
	}
	return ""
}
