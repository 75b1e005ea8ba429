package emulator

import (
	"slices"
	"sort"
)

// DefaultMaxVersions is Marathon's --zk_max_versions default (both
// modelled versions, storage/StorageConf.scala).
const DefaultMaxVersions = 50

// Marathon keeps a version of the root group for every change and a
// version of an app for every change of that app, and prunes both in its
// garbage collector (storage/repository/GcActor.scala, the same rules in
// 1.4.13 and 1.10.26), which DeploymentRepository.delete runs whenever a
// deployment plan is deleted: one that succeeded, failed or was cancelled.
// The collector does nothing while the realm has at most zk_max_versions
// root versions. Beyond that it deletes the oldest root versions no
// deployment in progress uses, and:
//   - of every app that has more than zk_max_versions versions, its
//     oldest versions beyond the cap, except the current one and those a
//     deployment in progress starts from or goes to;
//   - every version of every app no longer in the root group (a deleted
//     app; until then Marathon still answers GET .../versions/{v} for it,
//     and an app created again under the same id lists the old ones too).
//
// So a realm busy enough to have made 50 changes keeps at most 50
// versions of an app: a rollback to an older one must come from
// elsewhere (yodel's history).

// maxVersions is the cap in force.
func (e *Emulator) maxVersions() int {
	if e.cfg.MaxVersions > 0 {
		return e.cfg.MaxVersions
	}
	return DefaultMaxVersions
}

// rootChanged records a new root group version. Caller holds e.mu.
func (e *Emulator) rootChanged(version string) {
	e.roots = append(e.roots, version)
}

// lastRoot is the current root group version ("" before any change).
func (e *Emulator) lastRoot() string {
	if len(e.roots) == 0 {
		return ""
	}
	return e.roots[len(e.roots)-1]
}

// collectGarbage is GcActor's scan and compaction at once. Caller holds
// e.mu, after removing a deployment.
func (e *Emulator) collectGarbage() {
	limit := e.maxVersions()
	if len(e.roots) <= limit {
		return
	}
	inDeployment := map[string]bool{e.lastRoot(): true}
	for _, d := range e.deployments {
		if !d.finished {
			inDeployment[d.Version], inDeployment[d.RootFrom] = true, true
		}
	}
	deleteRoots := map[string]bool{}
	for _, r := range e.roots {
		if len(deleteRoots) == len(e.roots)-limit {
			break
		}
		if !inDeployment[r] {
			deleteRoots[r] = true
		}
	}
	if len(deleteRoots) == 0 {
		return
	}
	e.roots = slices.DeleteFunc(e.roots, func(r string) bool { return deleteRoots[r] })

	// Versions in use: every app's current one, and both ends of every
	// deployment in progress.
	inUse := func(id, version string) bool {
		if as := e.apps[id]; as != nil && !as.deleted && as.app.Version == version {
			return true
		}
		for _, d := range e.deployments {
			if d.finished {
				continue
			}
			for _, a := range []*App{d.Original[id], d.Target[id]} {
				if a != nil && (version == "" || a.Version == version) {
					return true
				}
			}
		}
		return false
	}
	inRoot := func(id string) bool {
		as := e.apps[id]
		return (as != nil && !as.deleted) || inUse(id, "")
	}
	for id, as := range e.apps {
		if !inRoot(id) {
			as.versions = map[string]*App{} // deleted, its tasks still stopping
			continue
		}
		extra := len(as.versions) - limit
		if extra <= 0 {
			continue
		}
		for _, v := range sortedKeys(as.versions) { // oldest first: versions are timestamps
			if extra <= 0 {
				break
			}
			if !inUse(id, v) {
				delete(as.versions, v)
				extra--
			}
		}
	}
	for id := range e.dropped {
		if !inRoot(id) {
			delete(e.dropped, id)
		}
	}
	e.markDirty()
}

// forgetApp removes a deleted app whose tasks are all gone. Its versions
// stay readable until the next collection (or an app created again under
// its id takes them over).
func (e *Emulator) forgetApp(id string) {
	if as := e.apps[id]; as != nil && len(as.versions) > 0 {
		if e.dropped == nil {
			e.dropped = map[string]map[string]*App{}
		}
		e.dropped[id] = as.versions
	}
	delete(e.apps, id)
}

// adoptVersions gives an app created under the id of a deleted one the
// versions Marathon still stores for that id.
func (e *Emulator) adoptVersions(as *appState, old *appState) {
	if old != nil {
		for v, a := range old.versions {
			if _, ok := as.versions[v]; !ok {
				as.versions[v] = a
			}
		}
	}
	for v, a := range e.dropped[as.app.ID] {
		if _, ok := as.versions[v]; !ok {
			as.versions[v] = a
		}
	}
	delete(e.dropped, as.app.ID)
}

// storedVersion is GET /v2/apps/{id}/versions/{v}'s lookup: Marathon's
// AppRepository, which still holds a deleted app's versions.
func (e *Emulator) storedVersion(id, version string) (*App, bool) {
	if as := e.apps[id]; as != nil {
		a, ok := as.versions[version]
		return a, ok
	}
	a, ok := e.dropped[id][version]
	return a, ok
}

// sortedVersions is newest first, as Marathon lists them.
func sortedVersions(m map[string]*App) []string {
	vs := sortedKeys(m)
	sort.Sort(sort.Reverse(sort.StringSlice(vs)))
	return vs
}
