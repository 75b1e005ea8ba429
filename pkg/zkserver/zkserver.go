// Package zkserver knows how to run the ZooKeeper server of the Debian
// zookeeper package: where its jars are and the java command line. The
// sandbox and the tests' zktest share it.
package zkserver

import (
	"errors"
	"os"
	"os/exec"
	"strings"
)

// Where the Debian zookeeper package puts things.
const (
	Jar     = "/usr/share/java/zookeeper.jar"
	ConfDir = "/etc/zookeeper/conf"
	Main    = "org.apache.zookeeper.server.quorum.QuorumPeerMain"
)

// logJars bind ZooKeeper's slf4j logging to log4j 1.2 and the package's
// log4j.properties. Without them slf4j falls back to its no-op logger and a
// server that fails to bind or to load its data says nothing at all. Both
// come with libzookeeper-java's dependencies (libslf4j-java,
// liblog4j1.2-java); a machine without them still runs ZooKeeper, silently.
var logJars = []string{"/usr/share/java/slf4j-log4j12.jar", "/usr/share/java/log4j-1.2.jar"}

// ErrUnavailable: Java or the ZooKeeper jar is not installed.
var ErrUnavailable = errors.New("zookeeper not installed (need java and " + Jar + ": apt-get install zookeeper)")

// Available says whether java and the ZooKeeper jar are installed.
func Available() error {
	if _, err := exec.LookPath("java"); err != nil {
		return ErrUnavailable
	}
	if _, err := os.Stat(Jar); err != nil {
		return ErrUnavailable
	}
	return nil
}

// Command is the command line of a standalone server reading cfgPath, with
// a small heap and quick JIT start-up (test and sandbox servers hold little
// data), logging at INFO on stdout.
func Command(cfgPath string) []string {
	cp := []string{ConfDir, Jar}
	for _, j := range logJars {
		if _, err := os.Stat(j); err == nil {
			cp = append(cp, j)
		}
	}
	return []string{"java", "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
		"-Dzookeeper.admin.enableServer=false", "-Dzookeeper.jmx.log4j.disable=true",
		"-Dzookeeper.root.logger=INFO,CONSOLE", "-Dzookeeper.console.threshold=INFO",
		"-cp", strings.Join(cp, ":"), Main, cfgPath}
}
