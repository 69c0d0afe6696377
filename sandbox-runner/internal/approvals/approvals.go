// Package approvals holds human approvals for irreversible tool calls. An
// approval is bound to the exact tool name and the SHA-256 of the call's
// canonical arguments, expires, and is single-use: the filter consumes it,
// presenting the same tool and arguments, before the call may proceed. The
// store is persisted (write, fsync, rename) so it survives a restart.
//
// The arguments themselves are kept, unmasked, while a human may still
// need them (pending) or the call may still run (approved): an approver
// must see what they approve. A final state (denied, expired, consumed)
// drops them; the hash stays.
package approvals

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"time"

	"github.com/aisecops/aisecops/internal/runnerapi"
)

// State of an approval.
type State = runnerapi.ApprovalState

// The states.
const (
	Pending  = runnerapi.ApprovalPending
	Approved = runnerapi.ApprovalApproved
	Denied   = runnerapi.ApprovalDenied
	Expired  = runnerapi.ApprovalExpired
	Consumed = runnerapi.ApprovalConsumed
)

// Approval is one request for a human decision (the runner's API type).
type Approval = runnerapi.Approval

// Errors of decisions and consumption.
var (
	ErrNotFound   = errors.New("approval not found")
	ErrNotPending = errors.New("approval is no longer pending")
	ErrMismatch   = errors.New("approval does not match this tool call")
	ErrNotUsable  = errors.New("approval is not approved, or already used, or expired")
)

// Store is a persisted set of approvals.
type Store struct {
	mu      sync.Mutex
	path    string
	items   map[string]*Approval
	waiters map[string][]chan struct{}
	now     func() time.Time
	// OnChange, if set, is called (under no lock) after a state change.
	OnChange func(Approval)
}

// maxKept bounds the store: decided approvals beyond it are dropped,
// oldest first.
const maxKept = 10000

// Open loads the store at path (created when absent).
func Open(path string) (*Store, error) {
	s := &Store{path: path, items: map[string]*Approval{}, waiters: map[string][]chan struct{}{}, now: time.Now}
	b, err := os.ReadFile(path)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return s, nil
	case err != nil:
		return nil, fmt.Errorf("approvals: %w", err)
	}
	var list []*Approval
	if err := json.Unmarshal(b, &list); err != nil {
		return nil, fmt.Errorf("approvals: %s is corrupt: %w", path, err)
	}
	for _, a := range list {
		if a.State.Final() {
			a.Args = nil
		}
		s.items[a.ID] = a
	}
	return s, nil
}

// Create records a pending approval that expires after ttl.
func (s *Store) Create(tool string, args json.RawMessage, argsHash, reason, requestID string, ttl time.Duration) (Approval, error) {
	var id [16]byte
	if _, err := rand.Read(id[:]); err != nil {
		return Approval{}, err
	}
	now := s.now().UTC()
	a := &Approval{ID: hex.EncodeToString(id[:]), Tool: tool, ArgsHash: argsHash, Args: args, Reason: reason, RequestID: requestID,
		State: Pending, CreatedAt: now, ExpiresAt: now.Add(ttl)}
	s.mu.Lock()
	s.items[a.ID] = a
	err := s.persistLocked()
	out := *a
	s.mu.Unlock()
	s.changed(out)
	return out, err
}

// expireLocked moves a pending or approved approval past its time to
// expired.
func (s *Store) expireLocked(a *Approval) bool {
	if (a.State == Pending || a.State == Approved) && !s.now().Before(a.ExpiresAt) {
		a.State, a.Args = Expired, nil
		return true
	}
	return false
}

// Get returns an approval.
func (s *Store) Get(id string) (Approval, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ok := s.items[id]
	if !ok {
		return Approval{}, ErrNotFound
	}
	if s.expireLocked(a) {
		s.wakeLocked(id)
		_ = s.persistLocked()
	}
	return *a, nil
}

// Wait returns the approval once it is no longer pending, or after d, or
// when ctx ends (long-poll).
func (s *Store) Wait(ctx context.Context, id string, d time.Duration) (Approval, error) {
	deadline := time.NewTimer(d)
	defer deadline.Stop()
	for {
		a, err := s.Get(id)
		if err != nil || a.State != Pending {
			return a, err
		}
		ch := make(chan struct{})
		s.mu.Lock()
		s.waiters[id] = append(s.waiters[id], ch)
		s.mu.Unlock()
		expiry := time.NewTimer(time.Until(a.ExpiresAt))
		select {
		case <-ch:
		case <-expiry.C:
		case <-deadline.C:
			expiry.Stop()
			return s.Get(id)
		case <-ctx.Done():
			expiry.Stop()
			return a, ctx.Err()
		}
		expiry.Stop()
	}
}

// Decide approves or denies a pending approval.
func (s *Store) Decide(id string, approve bool, by string) (Approval, error) {
	s.mu.Lock()
	a, ok := s.items[id]
	if !ok {
		s.mu.Unlock()
		return Approval{}, ErrNotFound
	}
	s.expireLocked(a)
	if a.State != Pending {
		out := *a
		s.mu.Unlock()
		return out, fmt.Errorf("%w (state %s)", ErrNotPending, out.State)
	}
	a.State = Denied
	if approve {
		a.State = Approved
	}
	if a.State.Final() {
		a.Args = nil
	}
	a.DecidedAt, a.DecidedBy = s.now().UTC(), by
	err := s.persistLocked()
	s.wakeLocked(id)
	out := *a
	s.mu.Unlock()
	s.changed(out)
	return out, err
}

// Consume uses an approved approval once, for exactly the tool and
// arguments it was given for.
func (s *Store) Consume(id, tool, argsHash string) (Approval, error) {
	s.mu.Lock()
	a, ok := s.items[id]
	if !ok {
		s.mu.Unlock()
		return Approval{}, ErrNotFound
	}
	s.expireLocked(a)
	out := *a
	switch {
	case a.Tool != tool || a.ArgsHash != argsHash:
		s.mu.Unlock()
		return out, ErrMismatch
	case a.State != Approved:
		s.mu.Unlock()
		return out, fmt.Errorf("%w (state %s)", ErrNotUsable, a.State)
	}
	a.State, a.Args = Consumed, nil
	err := s.persistLocked()
	out = *a
	s.mu.Unlock()
	s.changed(out)
	return out, err
}

// List returns approvals, newest first, optionally of one state.
func (s *Store) List(state State) []Approval {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Approval
	for _, a := range s.items {
		s.expireLocked(a)
		if state == "" || a.State == state {
			out = append(out, *a)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].CreatedAt.After(out[j].CreatedAt) })
	return out
}

// Pending counts the approvals waiting for a human and reports when the
// oldest of them was created (zero when none waits): the backlog an
// alert watches.
func (s *Store) Pending() (n int, oldest time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	for _, a := range s.items {
		// Past its time counts as expired, as expireLocked would make
		// it; a scrape changes no state.
		if a.State != Pending || !now.Before(a.ExpiresAt) {
			continue
		}
		n++
		if oldest.IsZero() || a.CreatedAt.Before(oldest) {
			oldest = a.CreatedAt
		}
	}
	return n, oldest
}

func (s *Store) wakeLocked(id string) {
	for _, ch := range s.waiters[id] {
		close(ch)
	}
	delete(s.waiters, id)
}

func (s *Store) changed(a Approval) {
	if s.OnChange != nil {
		s.OnChange(a)
	}
}

// persistLocked writes the store atomically and durably.
func (s *Store) persistLocked() error {
	list := make([]*Approval, 0, len(s.items))
	for _, a := range s.items {
		list = append(list, a)
	}
	sort.Slice(list, func(i, j int) bool { return list[i].CreatedAt.Before(list[j].CreatedAt) })
	if len(list) > maxKept {
		var keep []*Approval
		drop := len(list) - maxKept
		for _, a := range list {
			if drop > 0 && a.State.Final() {
				delete(s.items, a.ID)
				drop--
				continue
			}
			keep = append(keep, a)
		}
		list = keep
	}
	b, err := json.Marshal(list)
	if err != nil {
		return err
	}
	return writeFileSync(s.path, b)
}

// writeFileSync writes via a temporary file, fsyncs it, renames it over
// path and fsyncs the directory, so a crash leaves the old or the new file.
func writeFileSync(path string, b []byte) error {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, ".approvals-*")
	if err != nil {
		return fmt.Errorf("approvals: %w", err)
	}
	tmp := f.Name()
	_, werr := f.Write(b)
	serr := f.Sync()
	cerr := f.Close()
	if err := errors.Join(werr, serr, cerr); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("approvals: write: %w", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("approvals: %w", err)
	}
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}
