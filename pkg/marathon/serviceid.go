package marathon

// IsServiceAppID reports whether id is one of service svc's own app ids,
// /<svc>-blue and /<svc>-green (appdef.AppID builds them). Anyone who can
// post to Marathon can label an app YODEL_SERVICE=svc; only these ids are
// the service's.
func IsServiceAppID(svc, id string) bool {
	return id == "/"+svc+"-blue" || id == "/"+svc+"-green"
}
