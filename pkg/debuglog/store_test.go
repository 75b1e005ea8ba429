package debuglog

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/yodeldeploy/yodel/pkg/state"
)

func TestStoreLogsCallsOnlyWhenEnabled(t *testing.T) {
	ctx := context.Background()
	s, err := state.Open(ctx, "file://"+t.TempDir(), state.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if Store(s) != s {
		t.Fatal("off: the store must be returned unwrapped")
	}
	var buf bytes.Buffer
	defer Enable(&buf)()
	ls := Store(s)
	if _, err := ls.AppendHistory(ctx, "web", state.Record{Service: "web", Release: "v1"}); err != nil {
		t.Fatal(err)
	}
	recs, err := ls.History(ctx, "web", 0)
	if err != nil || len(recs) != 1 || recs[0].Release != "v1" {
		t.Fatalf("History through the wrapper = %v, %v", recs, err)
	}
	if _, _, err := ls.GetRouting(ctx, "none"); err == nil {
		t.Fatal("GetRouting of a missing service should fail")
	}
	out := buf.String()
	for _, want := range []string{`msg="store AppendHistory"`, `msg="store History"`, "service=web", `msg="store GetRouting"`, "err="} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %s:\n%s", want, out)
		}
	}
	if _, ok := ls.(state.Connectivity); !ok {
		t.Error("the wrapper hides state.Connectivity")
	}
}
