package e2e

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/aisecops/aisecops/e2e/driver"
)

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func portOf(url string) string {
	return url[strings.LastIndexByte(url, ':')+1:]
}

// Envoy starts real Envoy with envoy/envoy.yaml rendered onto this stack's
// ports. It returns an error saying why when no Envoy can be had.
func (st *Stack) Envoy(ctx context.Context, monitor bool) (*Env, error) {
	bin, err := driver.FindEnvoy(ctx)
	if err != nil {
		return nil, err
	}
	cfg, err := os.ReadFile(filepath.Join(st.Root, "envoy", "envoy.yaml"))
	if err != nil {
		return nil, err
	}
	listen, err := freePort()
	if err != nil {
		return nil, err
	}
	admin, err := freePort()
	if err != nil {
		return nil, err
	}
	y := string(cfg)
	y = strings.Replace(y, "port_value: 10000", "port_value: "+strconv.Itoa(listen), 1)
	y = strings.Replace(y, "port_value: 9901", "port_value: "+strconv.Itoa(admin), 1)
	up := portOf(st.Upstreams["/mcp"])
	for _, p := range []string{"18001", "18002", "18003", "18004"} {
		y = strings.ReplaceAll(y, "port_value: "+p, "port_value: "+up)
	}
	y = strings.ReplaceAll(y, "port_value: 8081", "port_value: "+portOf(st.RunnerURL))
	y = strings.Replace(y, "filename: build/aisecops.wasm", "filename: "+st.buildPath("aisecops.wasm"), 1)
	if monitor {
		y = strings.Replace(y, `"mode": "enforce"`, `"mode": "monitor"`, 1)
	}
	dir, err := os.MkdirTemp("", "aisecops-envoy-")
	if err != nil {
		return nil, err
	}
	path := filepath.Join(dir, "envoy.yaml")
	if err := os.WriteFile(path, []byte(y), 0o644); err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, "-c", path, "--log-level", "info", "--base-id", strconv.Itoa(listen))
	var logs lockedBuffer
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	st.closers = append(st.closers, func() { cmd.Process.Kill(); cmd.Wait(); os.RemoveAll(dir) })
	adminURL := "http://127.0.0.1:" + strconv.Itoa(admin)
	ready := false
	for i := 0; i < 300 && !ready; i++ {
		if resp, err := http.Get(adminURL + "/ready"); err == nil {
			ready = resp.StatusCode == 200
			resp.Body.Close()
		}
		time.Sleep(50 * time.Millisecond)
	}
	if !ready {
		return nil, fmt.Errorf("envoy did not become ready: %s", logs.tail(2000))
	}
	return &Env{Driver: "envoy", URL: "http://127.0.0.1:" + strconv.Itoa(listen), Stack: st,
		Metric: func(name string, labels ...string) int64 { return promValue(adminURL, name, labels) },
		Events: func() []string {
			var out []string
			sc := bufio.NewScanner(strings.NewReader(logs.String()))
			sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
			for sc.Scan() {
				if i := strings.Index(sc.Text(), "aisecops_event "); i >= 0 {
					out = append(out, sc.Text()[i+len("aisecops_event "):])
				}
			}
			return out
		}}, nil
}

// promValue reads one counter from Envoy's /stats/prometheus, where our
// stats_tags have turned packed label pairs into Prometheus labels and
// the "wasmcustom" namespace is stripped, with no "envoy_" prefix
// (envoy/prometheus/series.txt).
func promValue(adminURL, name string, labels []string) int64 {
	resp, err := http.Get(adminURL + "/stats/prometheus")
	if err != nil {
		return -1
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	metric := name
	line := regexp.MustCompile(`^` + regexp.QuoteMeta(metric) + `\{([^}]*)\} ([0-9]+)$`)
	for _, l := range strings.Split(string(b), "\n") {
		m := line.FindStringSubmatch(l)
		if m == nil {
			continue
		}
		ok := true
		for i := 0; i+1 < len(labels); i += 2 {
			ok = ok && strings.Contains(m[1], labels[i]+`="`+labels[i+1]+`"`)
		}
		if ok {
			n, _ := strconv.ParseInt(m[2], 10, 64)
			return n
		}
	}
	return 0
}

type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func (b *lockedBuffer) tail(n int) string {
	s := b.String()
	if len(s) > n {
		s = s[len(s)-n:]
	}
	return s
}
