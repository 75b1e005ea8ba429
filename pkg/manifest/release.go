package manifest

import (
	"context"
	"fmt"
	"os/exec"
	"regexp"
	"strings"
	"time"
)

// MaxReleaseLen keeps labels and history entries readable.
const MaxReleaseLen = 128

var releaseRe = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]*$`)

// ValidRelease returns an error (exit 2) when r cannot be a release name.
// Releases end up in Marathon labels, HAProxy stats and history records, so
// the charset is kept to what every one of them accepts unquoted.
func ValidRelease(r string) error {
	switch {
	case r == "":
		return &Error{Field: "release", Msg: "must not be empty"}
	case len(r) > MaxReleaseLen:
		return &Error{Field: "release", Msg: fmt.Sprintf("is %d characters long; the limit is %d", len(r), MaxReleaseLen)}
	case !releaseRe.MatchString(r):
		return &Error{Field: "release", Msg: fmt.Sprintf("%q: use letters, digits, '.', '_' and '-', starting with a letter or digit", r)}
	}
	return nil
}

// ImageTag returns the tag of a Docker image reference ("" when it has none):
// "registry:5000/team/app:1.2" -> "1.2".
func ImageTag(image string) string {
	ref, _, _ := strings.Cut(image, "@") // a digest is not a tag
	slash := strings.LastIndex(ref, "/")
	colon := strings.LastIndex(ref, ":")
	if colon > slash {
		return ref[colon+1:]
	}
	return ""
}

// GitDescribe runs `git describe --always --dirty` in dir.
func GitDescribe(dir string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, "git", "describe", "--always", "--dirty")
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		return "", err
	}
	return strings.TrimSpace(string(out)), nil
}

// ReleaseSource says where a release name came from, for messages.
type ReleaseSource string

const (
	ReleaseFromFlag    ReleaseSource = "--release"
	ReleaseFromImage   ReleaseSource = "image tag"
	ReleaseFromGit     ReleaseSource = "git describe"
	ReleaseFromContent ReleaseSource = "manifest hash"
)

// Release picks the release name: flag when set, else the image tag (except
// "latest", which names nothing), else `git describe` of the manifest's
// directory (describe may be nil to skip it), else a hash of the manifest.
func (m *Manifest) Release(flag string, describe func(dir string) (string, error)) (string, ReleaseSource, error) {
	if flag != "" {
		if err := ValidRelease(flag); err != nil {
			return "", "", err
		}
		return flag, ReleaseFromFlag, nil
	}
	if tag := ImageTag(m.Image); tag != "" && tag != "latest" && ValidRelease(tag) == nil {
		return tag, ReleaseFromImage, nil
	}
	if describe != nil {
		if r, err := describe(m.Dir()); err == nil && ValidRelease(r) == nil {
			return r, ReleaseFromGit, nil
		}
	}
	return "m-" + m.ShortSHA(), ReleaseFromContent, nil
}
