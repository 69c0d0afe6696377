// Package captures is the runner's evidence store: exchanges the filters
// captured (internal/recording.Capture) and the policy documents that
// decided them, kept encrypted at rest (AES-256-GCM under a key from the
// runner's --capture-key, one file per item, its name bound into the
// authenticated data), bounded by age and by total size, and exported
// decrypted only to approvers (GET /v1/captures).
//
// Captures are not masked: replay must see the bytes the filter judged,
// or it would decide something else.
package captures

import (
	"bufio"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/aisecops/aisecops/internal/jsonx"
	"github.com/aisecops/aisecops/internal/recording"
)

// MinKeyLen is the shortest --capture-key accepted.
const MinKeyLen = 32

// Options bound the store.
type Options struct {
	Retention time.Duration // captures older than this are deleted
	MaxBytes  int64         // the oldest captures go first past this
}

// Store is an open capture store.
type Store struct {
	mu    sync.Mutex
	dir   string
	aead  cipher.AEAD
	opt   Options
	bytes int64
	items []item // captures, oldest first
}

type item struct {
	name string
	mod  time.Time
	size int64
}

// ErrInvalid wraps what a caller sent wrong (the server answers 400).
var ErrInvalid = errors.New("invalid")

// Open opens (creating) the store under dir with a key derived from
// secret; files that do not decrypt under it make Open fail, naming one:
// a wrong key must not look like an empty store.
func Open(dir string, secret []byte, opt Options) (*Store, error) {
	if len(secret) < MinKeyLen {
		return nil, fmt.Errorf("capture key: %d bytes, want at least %d", len(secret), MinKeyLen)
	}
	if opt.Retention <= 0 || opt.MaxBytes <= 0 {
		return nil, fmt.Errorf("capture store: retention and max bytes must be positive")
	}
	key, err := hkdf.Key(sha256.New, secret, nil, "aisecops evidence capture v1", 32)
	if err != nil {
		return nil, err
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	s := &Store{dir: dir, aead: aead, opt: opt}
	for _, sub := range []string{"captures", "policies"} {
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o700); err != nil {
			return nil, err
		}
	}
	ents, err := os.ReadDir(filepath.Join(dir, "captures"))
	if err != nil {
		return nil, err
	}
	for _, e := range ents {
		if !strings.HasSuffix(e.Name(), ".cap") {
			continue
		}
		info, err := e.Info()
		if err != nil {
			return nil, err
		}
		s.items = append(s.items, item{e.Name(), info.ModTime(), info.Size()})
		s.bytes += info.Size()
	}
	sort.Slice(s.items, func(i, j int) bool { return s.items[i].mod.Before(s.items[j].mod) })
	if len(s.items) > 0 {
		if _, err := s.read("captures", s.items[len(s.items)-1].name); err != nil {
			return nil, fmt.Errorf("capture store: %w (is --capture-key the one these were written with?)", err)
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s, s.prune(time.Now())
}

func (s *Store) seal(name string, plain []byte) []byte {
	nonce := make([]byte, s.aead.NonceSize(), s.aead.NonceSize()+len(plain)+s.aead.Overhead())
	if _, err := rand.Read(nonce); err != nil {
		panic(err) // crypto/rand does not fail
	}
	return s.aead.Seal(nonce, nonce, plain, []byte(name))
}

func (s *Store) read(sub, name string) ([]byte, error) {
	b, err := os.ReadFile(filepath.Join(s.dir, sub, name))
	if err != nil {
		return nil, err
	}
	ns := s.aead.NonceSize()
	if len(b) < ns+s.aead.Overhead() {
		return nil, fmt.Errorf("%s/%s: too short to be a sealed capture", sub, name)
	}
	plain, err := s.aead.Open(nil, b[:ns], b[ns:], []byte(name))
	if err != nil {
		return nil, fmt.Errorf("%s/%s: does not decrypt: altered, or sealed under another key", sub, name)
	}
	return plain, nil
}

// write stores a sealed file atomically (temp file, fsync, rename).
func (s *Store) write(sub, name string, plain []byte) (int64, error) {
	sealed := s.seal(name, plain)
	path := filepath.Join(s.dir, sub, name)
	tmp := path + ".tmp"
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return 0, err
	}
	if _, err = f.Write(sealed); err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return 0, err
	}
	return int64(len(sealed)), nil
}

// Put checks and stores one capture. A capture already stored (a retry
// after a lost answer) is accepted again and stored once.
func (s *Store) Put(b []byte) (recording.Capture, error) {
	c, err := recording.ParseCapture(b)
	if err != nil {
		return c, fmt.Errorf("%w: capture: %v", ErrInvalid, err)
	}
	name := c.ID + ".cap"
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, err := os.Stat(filepath.Join(s.dir, "captures", name)); err == nil {
		return c, nil
	}
	n, err := s.write("captures", name, b)
	if err != nil {
		return c, err
	}
	s.items = append(s.items, item{name, time.Now(), n})
	s.bytes += n
	return c, s.prune(time.Now())
}

// PutPolicy checks that doc hashes to hash (rules' canonical SHA-256)
// and stores it under that name.
func (s *Store) PutPolicy(b []byte) error {
	var p recording.PolicyDoc
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		return fmt.Errorf("%w: policy: %v", ErrInvalid, err)
	}
	if !recording.IsHash(p.Hash) {
		return fmt.Errorf("%w: policy: hash: want 64 lower-case hex digits", ErrInvalid)
	}
	if err := jsonx.Check(p.Document, 64); err != nil {
		return fmt.Errorf("%w: policy: document: %v", ErrInvalid, err)
	}
	if got := jsonx.CanonicalHash(p.Document); got != p.Hash {
		return fmt.Errorf("%w: policy: hash %s does not match the document (its canonical SHA-256 is %s)", ErrInvalid, p.Hash, got)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	name := p.Hash + ".pol"
	if _, err := os.Stat(filepath.Join(s.dir, "policies", name)); err == nil {
		return nil
	}
	_, err := s.write("policies", name, p.Document)
	return err
}

// prune deletes captures past the retention, then the oldest past the
// size bound. Policies stay: they are small and replay needs them.
func (s *Store) prune(now time.Time) error {
	drop := 0
	for drop < len(s.items) && (now.Sub(s.items[drop].mod) > s.opt.Retention || s.bytes > s.opt.MaxBytes) {
		if err := os.Remove(filepath.Join(s.dir, "captures", s.items[drop].name)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		s.bytes -= s.items[drop].size
		drop++
	}
	s.items = s.items[drop:]
	return nil
}

// Stats is the store's size.
func (s *Store) Stats() (captures int, bytes int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.items), s.bytes
}

// Export writes the captures stored at or after since, oldest first, at
// most limit of them, each preceded once by the policy document it names
// when the store has it: lines of recording.ExportLine.
func (s *Store) Export(w io.Writer, since time.Time, limit int) (int, error) {
	s.mu.Lock()
	if err := s.prune(time.Now()); err != nil {
		s.mu.Unlock()
		return 0, err
	}
	items := append([]item(nil), s.items...)
	s.mu.Unlock()
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	sent := map[string]bool{}
	n := 0
	for _, it := range items {
		if n >= limit {
			break
		}
		if it.mod.Before(since) {
			continue
		}
		plain, err := s.read("captures", it.name)
		if errors.Is(err, fs.ErrNotExist) {
			continue // pruned since the copy
		}
		if err != nil {
			return n, err
		}
		var c recording.Capture
		if err := json.Unmarshal(plain, &c); err != nil {
			return n, fmt.Errorf("captures/%s: %w", it.name, err)
		}
		if !sent[c.PolicyHash] {
			sent[c.PolicyHash] = true
			doc, err := s.read("policies", c.PolicyHash+".pol")
			switch {
			case err == nil:
				if err := enc.Encode(recording.ExportLine{Policy: &recording.PolicyDoc{Hash: c.PolicyHash, Document: doc}}); err != nil {
					return n, err
				}
			case !errors.Is(err, fs.ErrNotExist):
				return n, err
			}
		}
		if err := enc.Encode(recording.ExportLine{Capture: &c}); err != nil {
			return n, err
		}
		n++
	}
	return n, bw.Flush()
}
