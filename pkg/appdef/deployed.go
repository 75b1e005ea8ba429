package appdef

// Labels recording who deployed and from where. They change on every deploy
// and are left out of diffs (VolatileLabel).
const (
	LabelDeployedBy = "YODEL_DEPLOYED_BY"
	LabelGitCommit  = "YODEL_GIT_COMMIT"
	LabelCIBuild    = "YODEL_CI_BUILD"
)

// VolatileLabel reports whether a label changes on every deploy.
func VolatileLabel(k string) bool {
	return k == LabelDeployedBy || k == LabelGitCommit || k == LabelCIBuild
}
