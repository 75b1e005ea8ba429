package haproxy

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

const sampleStat = `# pxname,svname,qcur,qmax,scur,smax,slim,stot,bin,bout,dreq,dresp,ereq,econ,eresp,wretr,wredis,status,weight,act,bck,chkfail,chkdown,lastchg,downtime,qlimit,pid,iid,sid,throttle,lbtot,tracked,type,rate,rate_lim,rate_max,check_status,check_code,check_duration,hrsp_1xx,hrsp_2xx,hrsp_3xx,hrsp_4xx,hrsp_5xx,hrsp_other,hanafail,req_rate,req_rate_max,req_tot,cli_abrt,srv_abrt,
fe_web_10001,FRONTEND,,,1,2,4096,40,,,0,0,0,,,,,OPEN,,,,,,,,,1,3,0,,,,0,0,0,2,,,,0,40,0,0,0,0,,0,3,40,,,
svc_web_10001,task.a,0,0,1,1,,30,0,0,,0,,2,1,0,0,UP,3,1,0,0,0,100,0,,1,4,1,,30,,2,0,,2,L7OK,200,1,0,28,0,0,2,0,,,,30,0,0,
svc_web_10001,task.b,0,0,0,1,,9,0,0,,0,,0,0,0,0,DRAIN,1,1,0,0,0,100,0,,1,4,2,,9,,2,0,,2,L7OK,200,1,0,9,0,0,0,0,,,,,0,0,
svc_web_10001,BACKEND,0,0,1,2,410,40,0,0,0,0,,2,1,0,0,UP,4,2,0,,0,100,0,,1,4,0,,39,,1,0,,3,,,,0,37,0,0,2,0,,,,40,0,0,
svc_web_10001_canary,task.c,0,0,0,1,,5,0,0,,0,,1,0,0,0,UP,1,1,0,0,0,100,0,,1,5,1,,5,,2,0,,1,L4OK,,0,0,5,0,0,1,0,,,,5,0,0,
other,s1,0,0,7,7,,7,0,0,,0,,0,0,0,0,UP,1,1,0,0,0,100,0,,1,6,1,,7,,2,0,,1,L4OK,,0,0,0,0,0,0,0,,,,7,0,0,
`

func TestParseStatsAndAggregate(t *testing.T) {
	rows, err := parseStats(sampleStat)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 6 {
		t.Fatalf("rows = %d, want 6", len(rows))
	}
	tracks := map[string]string{"task.a": TrackStable, "task.b": TrackCanary}
	got := aggregate(rows, func(_, s string) string { return tracks[s] })
	if len(got) != 1 {
		t.Fatalf("services = %v, want only svc_web_10001 (foreign proxies ignored)", got)
	}
	ws := got["svc_web_10001"]
	st, ca := ws.Tracks[TrackStable], ws.Tracks[TrackCanary]
	if st.Requests != 30 || st.Responses5x != 2 || st.ConnErrors != 2 || st.RespErrors != 1 || st.Sessions != 1 || st.Servers != 1 || st.Up != 1 {
		t.Fatalf("stable = %+v", st)
	}
	// task.b has an empty req_tot: stot is the fallback. task.c sits in the
	// canary backend, so it is canary whatever the track map says.
	if ca.Requests != 9+5 || ca.Responses5x != 1 || ca.Servers != 2 || ca.Up != 1 || ca.ConnErrors != 1 {
		t.Fatalf("canary = %+v", ca)
	}
}

func TestParseStatsColumnOrderDoesNotMatter(t *testing.T) {
	text := "# type,req_tot,svname,pxname,scur\n2,11,x,svc_a_1,3\n"
	rows, err := parseStats(text)
	if err != nil {
		t.Fatal(err)
	}
	got := aggregate(rows, func(string, string) string { return "" })
	if tr := got["svc_a_1"].Tracks[TrackStable]; tr.Requests != 11 || tr.Sessions != 3 {
		t.Fatalf("got %+v", got)
	}
}

func TestParseStatsErrors(t *testing.T) {
	for _, in := range []string{"", "Unknown command\n", "# pxname,svname\nx,y\n", "# pxname,svname,type\na,b,notanumber\n"} {
		if _, err := parseStats(in); err == nil {
			t.Errorf("parseStats(%q): no error", in)
		}
	}
}

func FuzzParseStats(f *testing.F) {
	f.Add(sampleStat)
	f.Add("# pxname,svname,type\n")
	f.Add("# type,pxname,svname,req_tot\n2,svc_a_1,s,\"1\"\n")
	f.Fuzz(func(t *testing.T, text string) {
		rows, err := parseStats(text)
		if err != nil {
			return
		}
		out := aggregate(rows, func(string, string) string { return "" })
		for k, s := range out {
			if _, _, ok := serviceOfBackend(k); !ok {
				t.Fatalf("non-yodel proxy %q aggregated", k)
			}
			// A server is listed once per backend it is in (the public
			// one and its track's), and counted once, by name.
			n, names := 0, map[string]bool{}
			for _, tr := range s.Tracks {
				n += tr.Servers
			}
			for _, sv := range s.Servers {
				names[sv.Server] = true
			}
			if n != len(names) {
				t.Fatalf("track servers %d != servers %d", n, len(names))
			}
		}
	})
}

func TestParseServersState(t *testing.T) {
	text := "1\n# be_id be_name srv_id srv_name srv_addr srv_op_state srv_admin_state srv_uweight srv_iweight srv_time_since_last_change srv_check_status srv_check_result srv_check_health srv_check_state srv_agent_state bk_f_forced_id srv_f_forced_id srv_fqdn srv_port srvrecord srv_use_ssl srv_check_port srv_check_addr srv_agent_addr srv_agent_port\n" +
		"3 b1 1 s1 127.0.0.1 2 0 10 10 5 8 2 0 6 0 0 0 - 18001 - 0 0 - - 0\n" +
		"3 b1 2 s2 10.0.0.2 2 9 7 5 0 1 0 2 6 0 0 0 - 18002 - 0 0 - - 0\n\n"
	got, err := parseServersState(text)
	if err != nil {
		t.Fatal(err)
	}
	s1, s2 := got["b1"]["s1"], got["b1"]["s2"]
	if s1.Addr != "127.0.0.1" || s1.Port != 18001 || s1.UWeight != 10 || s1.draining() || s1.maint() {
		t.Fatalf("s1 = %+v", s1)
	}
	if s2.UWeight != 7 || s2.IWeight != 5 || !s2.draining() || !s2.maint() {
		t.Fatalf("s2 = %+v", s2)
	}
	if _, err := parseServersState("1\n3 b1 1 s1\n"); err == nil {
		t.Fatal("row before header: no error")
	}
}

func TestParseShowProc(t *testing.T) {
	text := "#<PID>          <type>          <reloads>       <uptime>        <version>      \n" +
		"9567            master          4 [failed: 1]   0d00h10m26s     2.6.12-1+deb12u4\n# workers\n" +
		"31350           worker          0               0d00h00m03s     2.6.12-1+deb12u4\n# old workers\n" +
		"31000           worker          1               0d00h01m03s     2.6.12-1+deb12u4\n# programs\n\n"
	p, err := parseShowProc(text)
	if err != nil {
		t.Fatal(err)
	}
	if p.Reloads != 4 || p.Failed != 1 || len(p.Workers) != 1 || p.Workers[0] != 31350 || len(p.Old) != 1 || p.Old[0] != 31000 {
		t.Fatalf("got %+v", p)
	}
	if _, err := parseShowProc("Unknown command.\n"); err == nil {
		t.Fatal("no master line: no error")
	}
}

func TestRefusal(t *testing.T) {
	for reply, want := range map[string]bool{"": false, "\n": false, "[6]: New server registered.\n": false,
		"[4]: a warning\n": false, "[3]: No such server.\n": true, "[0]: emergency\n": true} {
		if _, got := refusal(reply); got != want {
			t.Errorf("refusal(%q) = %v, want %v", reply, got, want)
		}
	}
}

func TestRenderServiceAndStructureHash(t *testing.T) {
	s := &Service{Name: "web", Port: 10001, Mode: ModeHTTP, BindAddress: "127.0.0.1", HealthPath: "/health",
		CanaryHeader: Header{"X-Yodel-Track", "canary"},
		Servers: []Server{{Name: "a", Addr: "10.0.0.1", Port: 31000, Weight: 3},
			{Name: "c", Addr: "10.0.0.2", Port: 31001, Weight: 1, Isolated: true}}}
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	block := renderService(s, "/m.map")
	for _, want := range []string{
		"frontend fe_web_10001\n", "bind 127.0.0.1:10001\n",
		"use_backend svc_web_10001_canary if { req.hdr(X-Yodel-Track) -m str canary } { nbsrv(svc_web_10001_canary) gt 0 } || { req.cook(yodel-track) -m str canary } { nbsrv(svc_web_10001_canary) gt 0 }\n",
		"default_backend svc_web_10001\n", "option httpchk GET /health\n",
		"backend svc_web_10001\n    mode http\n    balance roundrobin\n    http-request disable-l7-retry if !METH_GET !METH_HEAD !METH_OPTIONS\n    option httpchk GET /health\n    server a 10.0.0.1:31000 weight 3 check inter 2s pool-purge-delay 5s\n",
		"backend svc_web_10001_canary\n    mode http\n    balance roundrobin\n    http-request disable-l7-retry if !METH_GET !METH_HEAD !METH_OPTIONS\n    option httpchk GET /health\n    server c 10.0.0.2:31001 weight 1 check inter 2s pool-purge-delay 5s\n",
		"use_backend svc_web_10001_stable if { req.hdr(X-Yodel-Track) -m str stable } { nbsrv(svc_web_10001_stable) gt 0 } || { req.cook(yodel-track) -m str stable } { nbsrv(svc_web_10001_stable) gt 0 }\n",
		"backend svc_web_10001_stable\n    mode http\n    balance roundrobin\n    http-request disable-l7-retry if !METH_GET !METH_HEAD !METH_OPTIONS\n    option httpchk GET /health\n    server a 10.0.0.1:31000 weight 100 check inter 2s pool-purge-delay 5s\n",
	} {
		if !strings.Contains(block, want) {
			t.Fatalf("block lacks %q:\n%s", want, block)
		}
	}
	base := "global\n    server-state-file x\n"
	hash := structureHash(base, "/m.map", map[string]*Service{s.Key(): s})
	// Server changes keep the structure hash; anything else changes it.
	s2 := *s
	s2.Servers = []Server{{Name: "z", Addr: "10.0.0.9", Port: 1, Weight: 0}}
	if h := structureHash(base, "/m.map", map[string]*Service{s.Key(): &s2}); h != hash {
		t.Fatal("a server change altered the structure hash")
	}
	s2.HealthPath = "/other"
	if h := structureHash(base, "/m.map", map[string]*Service{s.Key(): &s2}); h == hash {
		t.Fatal("a health path change kept the structure hash")
	}
	if h := structureHash("global\n    server-state-file y\n", "/m.map", map[string]*Service{s.Key(): s}); h == hash {
		t.Fatal("a base change kept the structure hash")
	}
	if h := structureHash(base, "/m.map", nil); h == hash {
		t.Fatal("removing the service kept the structure hash")
	}
}

func TestValidateRejectsInjection(t *testing.T) {
	ok := Service{Name: "web", Port: 10001, Mode: ModeHTTP,
		Servers: []Server{{Name: "a", Addr: "10.0.0.1", Port: 31000, Weight: 1}}}
	if err := ok.Validate(); err != nil {
		t.Fatal(err)
	}
	tests := map[string]func(s *Service){
		"name with space":      func(s *Service) { s.Name = "web api" },
		"name with newline":    func(s *Service) { s.Name = "web\nglobal" },
		"uppercase name":       func(s *Service) { s.Name = "Web" },
		"trailing dash":        func(s *Service) { s.Name = "web-" },
		"port 0":               func(s *Service) { s.Port = 0 },
		"port too big":         func(s *Service) { s.Port = 70000 },
		"mode":                 func(s *Service) { s.Mode = "udp" },
		"bind hostname":        func(s *Service) { s.BindAddress = "lb.example.com" },
		"header value space":   func(s *Service) { s.CanaryHeader = Header{"X-T", "a b"} },
		"header value brace":   func(s *Service) { s.CanaryHeader = Header{"X-T", "a}"} },
		"header name colon":    func(s *Service) { s.CanaryHeader = Header{"X:T", "a"} },
		"header on tcp":        func(s *Service) { s.Mode = ModeTCP; s.CanaryHeader = Header{"X-T", "a"} },
		"header value stable":  func(s *Service) { s.CanaryHeader = Header{"X-T", "stable"} },
		"health path hash":     func(s *Service) { s.HealthPath = "/h#x" },
		"health path relative": func(s *Service) { s.HealthPath = "h" },
		"isolated same port":   func(s *Service) { s.IsolatedPort = s.Port },
		"server name space":    func(s *Service) { s.Servers[0].Name = "a b" },
		"server name semi":     func(s *Service) { s.Servers[0].Name = "a;del" },
		"server hostname":      func(s *Service) { s.Servers[0].Addr = "host.local" },
		"server weight":        func(s *Service) { s.Servers[0].Weight = 257 },
		"server track":         func(s *Service) { s.Servers[0].Track = "blue" },
		"isolated no route":    func(s *Service) { s.Servers[0].Isolated = true },
		"duplicate server": func(s *Service) {
			s.Servers = append(s.Servers, s.Servers[0])
		},
	}
	for name, mut := range tests {
		t.Run(name, func(t *testing.T) {
			s := ok
			s.Servers = append([]Server(nil), ok.Servers...)
			mut(&s)
			if err := s.Validate(); err == nil {
				t.Fatal("accepted")
			}
		})
	}
}

func TestValidateConfigConflicts(t *testing.T) {
	a := Service{Name: "a", Port: 10001, Mode: ModeTCP}
	b := Service{Name: "b", Port: 10001, Mode: ModeTCP}
	c := Service{Name: "c", Port: 10002, IsolatedPort: 10001, Mode: ModeTCP}
	bad := Service{Name: "d", Port: 0, Mode: ModeTCP}
	valid, errs := validateConfig(Config{Services: []Service{c, b, a, bad}}, nil, nil)
	if len(valid) != 1 || valid["svc_a_10001"] == nil {
		t.Fatalf("valid = %v, want only a (first by key keeps the port)", valid)
	}
	if errs["svc_b_10001"] == nil || errs["svc_c_10002"] == nil || errs["svc_d_0"] == nil {
		t.Fatalf("errs = %v", errs)
	}
	// Neither was applied before: the message says a won on its name, not
	// that it was "applied first" (issue 14).
	if msg := errs["svc_b_10001"].Error(); !strings.Contains(msg, "sorts first by name") || strings.Contains(msg, "applied first") {
		t.Fatalf("b: %q, want the real reason a keeps the port", msg)
	}
}

// The service that binds a port now keeps it, whatever the names: a
// newcomer sorting first must not take it (both would bind it).
func TestValidateConfigIncumbentKeepsPort(t *testing.T) {
	zz := Service{Name: "zz", Port: 10001, Mode: ModeTCP}
	aa := Service{Name: "aa", Port: 10001, Mode: ModeTCP}
	applied := map[string][]int{zz.Key(): {10001}}
	valid, errs := validateConfig(Config{Services: []Service{aa, zz}}, nil, applied)
	if len(valid) != 1 || valid[zz.Key()] == nil {
		t.Fatalf("valid = %v, want only zz (it binds the port now)", valid)
	}
	if err := errs[aa.Key()]; err == nil || !strings.Contains(err.Error(), "port 10001 is already used by svc_zz_10001, which binds its ports now") {
		t.Fatalf("aa: err = %v, want the conflict named", err)
	}
	// A refused incumbent keeps its last good block, so its port stays
	// taken: the newcomer is still refused.
	badZZ := zz
	badZZ.Mode = "udp"
	valid, errs = validateConfig(Config{Services: []Service{aa, badZZ}}, nil, applied)
	if len(valid) != 0 || errs[aa.Key()] == nil || errs[zz.Key()] == nil {
		t.Fatalf("valid = %v, errs = %v: want both refused", valid, errs)
	}
	if msg := errs[aa.Key()].Error(); !strings.Contains(msg, "keeps its last applied configuration") {
		t.Fatalf("aa: %q, want the reason zz keeps the port", msg)
	}
	// An incumbent that moved to another port frees its old one.
	moved := zz
	moved.Port = 10002
	valid, _ = validateConfig(Config{Services: []Service{aa, moved}}, nil, applied)
	if len(valid) != 2 {
		t.Fatalf("valid = %v, want both", valid)
	}
}

func TestServerName(t *testing.T) {
	if got := ServerName("web-blue.1b2c_3"); got != "web-blue.1b2c_3" {
		t.Fatalf("clean id changed: %q", got)
	}
	a, b := ServerName("web:blue/1"), ServerName("web:blue/2")
	if a == b || !serverNameRe.MatchString(a) || a != ServerName("web:blue/1") {
		t.Fatalf("sanitized names %q %q: must be valid, distinct and stable", a, b)
	}
	if ServerName("a/b") == ServerName("a_b") {
		t.Fatal("a sanitized id collides with a clean one")
	}
	long := ServerName(strings.Repeat("x", 500))
	if len(long) > maxServerName || !serverNameRe.MatchString(long) {
		t.Fatalf("long id gives %q", long)
	}
	if !serverNameRe.MatchString(ServerName("")) {
		t.Fatal("empty id gives an invalid name")
	}
}

// BenchmarkParseServersState3000: the background full check's parse of
// `show servers state` at 1000 services × 3 servers.
//
//	go test -run '^$' -bench ParseServersState3000 -benchmem ./pkg/haproxy/
func BenchmarkParseServersState3000(b *testing.B) {
	var sb strings.Builder
	sb.WriteString("1\n# be_id be_name srv_id srv_name srv_addr srv_op_state srv_admin_state srv_uweight srv_iweight srv_time_since_last_change srv_check_status srv_check_result srv_check_health srv_check_state srv_agent_state bk_f_forced_id srv_f_forced_id srv_fqdn srv_port srvrecord srv_use_ssl srv_check_port srv_check_addr srv_agent_addr srv_agent_port\n")
	for i := range 1000 {
		for j := range 3 {
			fmt.Fprintf(&sb, "%d svc_svc%04d_%d %d svc%04d.task%d 127.0.0.1 2 0 100 100 5 8 2 0 6 0 0 0 - %d - 0 0 - - 0\n", i+3, i, 20000+i, j+1, i, j, 30000+3*i+j)
		}
	}
	text := sb.String()
	b.ReportAllocs()
	for b.Loop() {
		got, err := parseServersState(text)
		if err != nil || len(got) != 1000 {
			b.Fatalf("%d backends, %v", len(got), err)
		}
	}
}

// FuzzAppendFields: appendFields splits HAProxy's ASCII lines as
// strings.Fields does.
func FuzzAppendFields(f *testing.F) {
	f.Add("3 b1 1 s1 127.0.0.1 2 0 10 10 5 8 2 0 6 0 0 0 - 18001 - 0 0 - - 0")
	f.Add("  a\t\tb  ")
	f.Add("")
	f.Fuzz(func(t *testing.T, line string) {
		for _, c := range []byte(line) {
			if c != ' ' && c != '\t' && (c < 0x21 || c > 0x7e) {
				return // not what HAProxy writes; strings.Fields splits more
			}
		}
		if got, want := appendFields(nil, line), strings.Fields(line); !slices.Equal(got, want) {
			t.Fatalf("appendFields(%q) = %q, want %q", line, got, want)
		}
	})
}
