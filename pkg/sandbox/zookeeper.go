package sandbox

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"github.com/yodeldeploy/yodel/pkg/zkserver"
	"github.com/yodeldeploy/yodel/third_party/zk"
)

const (
	// zkRoot is the node under which the sandbox's routing state lives.
	zkRoot = "/yodel"
	// CompZooKeeper is the ZooKeeper component of a --store zookeeper sandbox.
	CompZooKeeper = "zookeeper"
)

func zooKeeperInstalled() error {
	if _, err := exec.LookPath("java"); err != nil {
		return errors.New("the zookeeper store needs java on PATH: install the zookeeper package (apt-get install zookeeper), or use the file store")
	}
	if _, err := os.Stat(zkserver.Jar); err != nil {
		return fmt.Errorf("the zookeeper store needs %s: install the zookeeper package (apt-get install zookeeper), or use the file store", zkserver.Jar)
	}
	return nil
}

// startZooKeeper runs a standalone ZooKeeper on a free loopback port, with
// its data under the sandbox directory so a restarted sandbox keeps its
// routing state as a file store would.
func (u *upper) startZooKeeper(ctx context.Context) (Component, error) {
	dir := u.l.ZooKeeperDir()
	if err := os.MkdirAll(filepath.Join(dir, "data"), 0o700); err != nil {
		return Component{}, fmt.Errorf("create %s: %w", dir, err)
	}
	cfgPath := filepath.Join(dir, "zoo.cfg")
	return u.startRetrying(ctx, CompZooKeeper, func(string) []string {
		return zkserver.Command(cfgPath)
	}, ownListener(func(c Component) error { return zkAnswers(c.Addr) }), func(addr string) (string, error) {
		_, port, err := net.SplitHostPort(addr)
		if err != nil {
			return "", err
		}
		// The admin server and four-letter words stay off: nothing but the
		// client port listens, and only on loopback.
		cfg := fmt.Sprintf("tickTime=500\ndataDir=%s\nclientPort=%s\nclientPortAddress=127.0.0.1\n"+
			"admin.enableServer=false\nmaxClientCnxns=0\n4lw.commands.whitelist=\n", filepath.Join(dir, "data"), port)
		return addr, os.WriteFile(cfgPath, []byte(cfg), 0o600)
	})
}

// zkAnswers opens a session: ZooKeeper listens before it serves, and the
// four-letter words that would tell readiness are disabled.
func zkAnswers(addr string) error {
	conn, events, err := zk.Connect([]string{addr}, 4*time.Second, zk.WithLogInfo(false), zk.WithLogger(quietZK{}))
	if err != nil {
		return err
	}
	defer conn.Close()
	timeout := time.NewTimer(2 * time.Second)
	defer timeout.Stop()
	for {
		select {
		case ev := <-events:
			if ev.State == zk.StateHasSession {
				return nil
			}
		case <-timeout.C:
			return fmt.Errorf("zookeeper on %s: no session yet", addr)
		}
	}
}

type quietZK struct{}

func (quietZK) Printf(string, ...any) {}
