package cmdutil

import "strings"

// bambooVars are variables every Bamboo job has (Bamboo exports its build
// variables as bamboo_*, and sets no CI variable).
var bambooVars = []string{"bamboo_buildKey", "bamboo_buildResultKey", "bamboo_agentId", "bamboo_planKey"}

// IsCI reports whether yodel runs in a CI job, where nobody can answer a
// prompt: CI=true or 1 (GitHub Actions, GitLab, Jenkins plugins, ...) or a
// Bamboo job.
func IsCI(getenv func(string) string) bool {
	v := strings.ToLower(getenv("CI"))
	if v == "true" || v == "1" {
		return true
	}
	for _, k := range bambooVars {
		if getenv(k) != "" {
			return true
		}
	}
	return false
}
