package plugin

import (
	"errors"
	"hash/fnv"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/aisecops/aisecops/rules"
	"github.com/proxy-wasm/proxy-wasm-go-sdk/proxywasm"
	"github.com/proxy-wasm/proxy-wasm-go-sdk/proxywasm/types"
)

// The JSON-RPC methods of an MCP session's requests, by id, kept in the
// proxy's shared data so that an answer on another stream of the session
// (MCP's GET stream, resumed with Last-Event-ID) is read as what it
// answers. Bounded three ways: a fixed number of slots (a session hashes
// to one; a newer session in the same slot replaces the older one), a
// number of ids per session (the oldest go first), and a time to live.
// What falls out is judged as an answer to an unknown request: with
// every scanner, never less.
const (
	sessionSlots   = 1024
	sessionMaxIDs  = 256
	sessionTTL     = 10 * time.Minute
	sessionMaxID   = 256 // longer session ids are not kept
	sessionEntryMx = 512 // longer ids or methods are not kept
)

func sessionKey(session string) string {
	h := fnv.New32a()
	h.Write([]byte(session))
	return "aisecops.rpc." + strconv.Itoa(int(h.Sum32()%sessionSlots))
}

type sessionEntry struct {
	expiry     int64
	id, method string
}

// The slot's value: the session id on the first line, then one line per
// id: expiry (unix seconds), a tab, the id, a tab, the method.
func parseSession(b []byte, session string, now int64) []sessionEntry {
	s := string(b)
	first, rest, _ := strings.Cut(s, "\n")
	if first != session {
		return nil
	}
	var out []sessionEntry
	for rest != "" {
		var line string
		line, rest, _ = strings.Cut(rest, "\n")
		f := strings.SplitN(line, "\t", 3)
		if len(f) != 3 {
			continue
		}
		exp, err := strconv.ParseInt(f[0], 10, 64)
		if err != nil || exp < now {
			continue
		}
		out = append(out, sessionEntry{exp, f[1], f[2]})
	}
	return out
}

func keepable(s string) bool {
	return s != "" && len(s) <= sessionEntryMx && !strings.ContainsAny(s, "\t\n")
}

// sharedStore is the exchange's rules.Store over the proxy's shared
// data, which every worker thread's VM of the plugin sees.
type sharedStore struct{}

func keptSession(session string) bool {
	return session != "" && len(session) <= sessionMaxID && !strings.Contains(session, "\n")
}

// LearnPin returns the pin learned for key, learning hash on first sight.
// v2: pins hash the whole tool definition; a v1 pin learned before an
// upgrade must not read as a rug pull of every tool.
func (sharedStore) LearnPin(key, hash string) (string, error) {
	skey := "aisecops.pin2." + key
	got, cas, err := proxywasm.GetSharedData(skey)
	if err == nil && len(got) > 0 {
		return string(got), nil
	}
	if err != nil && err != types.ErrorStatusNotFound {
		return "", err
	}
	if err := proxywasm.SetSharedData(skey, []byte(hash), cas); err != nil {
		return "", err
	}
	return hash, nil
}

// SessionMethods returns the live methods of a session by id.
func (sharedStore) SessionMethods(session string) (map[string]string, error) {
	if !keptSession(session) {
		return nil, nil
	}
	b, _, err := proxywasm.GetSharedData(sessionKey(session))
	if err == types.ErrorStatusNotFound {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, e := range parseSession(b, session, time.Now().Unix()) {
		out[e.id] = e.method
	}
	return out, nil
}

// RememberSession adds a request's methods by id to its session.
func (sharedStore) RememberSession(session string, methods map[string]string) error {
	if !keptSession(session) {
		return nil
	}
	key := sessionKey(session)
	now := time.Now()
	exp := now.Add(sessionTTL).Unix()
	// Compare-and-swap: other worker threads' VMs share the slot.
	for try := 0; try < 4; try++ {
		b, cas, err := proxywasm.GetSharedData(key)
		if err != nil && err != types.ErrorStatusNotFound {
			return err
		}
		entries := parseSession(b, session, now.Unix())
		// A reused id names its newest request.
		entries = slices.DeleteFunc(entries, func(e sessionEntry) bool { _, again := methods[e.id]; return again })
		for id, m := range methods {
			if !keepable(id) || !keepable(m) {
				continue
			}
			entries = append(entries, sessionEntry{exp, id, m})
		}
		if len(entries) > sessionMaxIDs {
			entries = entries[len(entries)-sessionMaxIDs:]
		}
		var sb strings.Builder
		sb.WriteString(session)
		sb.WriteByte('\n')
		for _, e := range entries {
			sb.WriteString(strconv.FormatInt(e.expiry, 10))
			sb.WriteByte('\t')
			sb.WriteString(e.id)
			sb.WriteByte('\t')
			sb.WriteString(e.method)
			sb.WriteByte('\n')
		}
		err = proxywasm.SetSharedData(key, []byte(sb.String()), cas)
		if err != types.ErrorStatusCasMismatch {
			return err
		}
	}
	return errors.New("shared data: session slot kept changing (compare-and-swap failed 4 times)")
}

// knownToolsKey holds the tool names seen in MCP tools/list answers, one
// per line, oldest first (rules.AddKnownTools bounds them).
const knownToolsKey = "aisecops.tools"

// KnownTools returns the tool names seen listed by any server.
func (sharedStore) KnownTools() ([]string, error) {
	b, _, err := proxywasm.GetSharedData(knownToolsKey)
	if err == types.ErrorStatusNotFound || len(b) == 0 {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return strings.Split(string(b), "\n"), nil
}

// RememberTools adds names to the known tools.
func (sharedStore) RememberTools(names []string) error {
	for try := 0; try < 4; try++ {
		b, cas, err := proxywasm.GetSharedData(knownToolsKey)
		if err != nil && err != types.ErrorStatusNotFound {
			return err
		}
		var known []string
		if len(b) > 0 {
			known = strings.Split(string(b), "\n")
		}
		known, changed := rules.AddKnownTools(known, names)
		if !changed {
			return nil
		}
		err = proxywasm.SetSharedData(knownToolsKey, []byte(strings.Join(known, "\n")), cas)
		if err != types.ErrorStatusCasMismatch {
			return err
		}
	}
	return errors.New("shared data: known tools kept changing (compare-and-swap failed 4 times)")
}
