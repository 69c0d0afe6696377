package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"index/suffixarray"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aisecops/aisecops/internal/corpus"
)

const (
	paraphraseDir = "../../testdata/paraphrase"
	// holdoutDir holds paraphrases written before the detector change
	// each file judges (see its README): files are named by group of
	// categories, not by language.
	holdoutDir = "../../testdata/paraphrase-holdout"
)

var (
	paraphraseCategories = []string{"override", "hijack", "exfiltration", "secrecy", "impersonation", "jailbreak"}
	paraphraseLanguages  = []string{"en", "es", "fr", "de", "pt", "zh", "ja", "hi"}
)

// paraphraseRecord is the full record layout of testdata/paraphrase; an
// unknown field is an error, so a misspelt meta key cannot pass unseen.
type paraphraseRecord struct {
	ID     string `json:"id"`
	Text   string `json:"text"`
	Label  string `json:"label"`
	Kind   string `json:"kind"`
	Source string `json:"source"`
	Meta   struct {
		Channel      string `json:"channel"`
		Category     string `json:"category"`
		Language     string `json:"language"`
		NegativeKind string `json:"negative_kind"`
	} `json:"meta"`
}

// normText is the corpus README's de-duplication key: lower-cased, with
// runs of whitespace made one space.
func normText(s string) string {
	return strings.Join(strings.Fields(strings.ToLower(s)), " ")
}

// readParaphrase reads every record of a paraphrase set (testdata/paraphrase
// or its held-out sibling), checking each through the eval reader
// (internal/corpus) and the full layout above. In testdata/paraphrase the
// file name's suffix is the records' language; in the held-out set it
// names a group of categories.
func readParaphrase(t *testing.T, dir string) []paraphraseRecord {
	t.Helper()
	if m, _ := filepath.Glob(filepath.Join(dir, "*.jsonl")); len(m) == 0 && dir == holdoutDir {
		return nil // the held-out set grows file by file (its README)
	}
	files, err := corpus.Files(dir)
	require.NoError(t, err)
	byLanguage := dir == paraphraseDir
	var all []paraphraseRecord
	for _, f := range files {
		base := filepath.Base(f)
		var suffix, label string
		switch {
		case strings.HasPrefix(base, "injections_"):
			suffix, label = strings.TrimSuffix(strings.TrimPrefix(base, "injections_"), ".jsonl"), "injection"
		case strings.HasPrefix(base, "hard_negatives_"):
			suffix, label = strings.TrimSuffix(strings.TrimPrefix(base, "hard_negatives_"), ".jsonl"), "benign"
		default:
			t.Fatalf("%s: file name is neither injections_SUFFIX.jsonl nor hard_negatives_SUFFIX.jsonl", base)
		}
		n := 0
		require.NoError(t, corpus.Read(f, func(int, corpus.Record) error { n++; return nil }))
		raw, err := os.ReadFile(f)
		require.NoError(t, err)
		sc := bufio.NewScanner(bytes.NewReader(raw))
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		line, got := 0, 0
		for sc.Scan() {
			line++
			if len(sc.Bytes()) == 0 {
				continue
			}
			got++
			dec := json.NewDecoder(bytes.NewReader(sc.Bytes()))
			dec.DisallowUnknownFields()
			var r paraphraseRecord
			require.NoError(t, dec.Decode(&r), "%s:%d", base, line)
			if byLanguage {
				assert.Equal(t, suffix, r.Meta.Language, "%s:%d (%s): meta.language differs from the file name", base, line, r.ID)
			}
			assert.Equal(t, label, r.Label, "%s:%d (%s): label differs from the file name", base, line, r.ID)
			all = append(all, r)
		}
		require.NoError(t, sc.Err())
		assert.Equal(t, n, got, "%s: the eval reader and the layout check saw different record counts", base)
	}
	return all
}

// TestParaphraseSetShape checks testdata/paraphrase (see its README): every
// category and language has at least 10 injections, there are at least 300
// hard negatives in every language, labels agree with kind and channel, and
// no text is repeated.
func TestParaphraseSetShape(t *testing.T) {
	cells, negatives := checkParaphraseRecords(t, readParaphrase(t, paraphraseDir))
	for _, c := range paraphraseCategories {
		for _, l := range paraphraseLanguages {
			assert.GreaterOrEqual(t, cells[c+"/"+l], 10, "injections of category %s in language %s", c, l)
		}
	}
	total := 0
	for _, l := range paraphraseLanguages {
		assert.GreaterOrEqual(t, negatives[l], 20, "hard negatives in language %s", l)
		total += negatives[l]
	}
	assert.GreaterOrEqual(t, total, 300, "hard negatives in all")
}

// TestParaphraseHoldoutShape checks testdata/paraphrase-holdout like the
// main set, and that a category it covers has at least three injections
// in every language (its README).
func TestParaphraseHoldoutShape(t *testing.T) {
	recs := readParaphrase(t, holdoutDir)
	if len(recs) == 0 {
		t.Skip("no held-out paraphrases yet")
	}
	cells, _ := checkParaphraseRecords(t, recs)
	for _, c := range paraphraseCategories {
		covered := false
		for _, l := range paraphraseLanguages {
			covered = covered || cells[c+"/"+l] > 0
		}
		if !covered {
			continue
		}
		for _, l := range paraphraseLanguages {
			assert.GreaterOrEqual(t, cells[c+"/"+l], 3, "held-out injections of category %s in language %s", c, l)
		}
	}
}

// checkParaphraseRecords checks each record's layout and labels, and
// counts injections per category/language and hard negatives per
// language.
func checkParaphraseRecords(t *testing.T, recs []paraphraseRecord) (cells, negatives map[string]int) {
	t.Helper()
	isCategory := map[string]bool{}
	for _, c := range paraphraseCategories {
		isCategory[c] = true
	}
	isLanguage := map[string]bool{}
	for _, l := range paraphraseLanguages {
		isLanguage[l] = true
	}
	cells = map[string]int{}
	negatives = map[string]int{}
	ids := map[string]bool{}
	texts := map[string]string{}
	for _, r := range recs {
		where := r.ID
		assert.NotEmpty(t, r.ID, "record without id: %.60q", r.Text)
		assert.False(t, ids[r.ID], "%s: duplicate id", where)
		ids[r.ID] = true
		assert.NotEmpty(t, strings.TrimSpace(r.Text), "%s: empty text", where)
		assert.True(t, isLanguage[r.Meta.Language], "%s: meta.language %q is not one of %v", where, r.Meta.Language, paraphraseLanguages)
		assert.Contains(t, []string{"untrusted", "user"}, r.Meta.Channel, "%s: meta.channel", where)
		key := normText(r.Text)
		if prev, ok := texts[key]; ok {
			t.Errorf("%s: same text as %s", where, prev)
		}
		texts[key] = r.ID
		switch r.Label {
		case "injection":
			assert.True(t, isCategory[r.Meta.Category], "%s: meta.category %q is not one of %v", where, r.Meta.Category, paraphraseCategories)
			assert.Empty(t, r.Meta.NegativeKind, "%s: meta.negative_kind on an injection", where)
			switch {
			case r.Meta.Category == "jailbreak":
				assert.Equal(t, "jailbreak", r.Kind, "%s: kind", where)
				assert.Equal(t, "user", r.Meta.Channel, "%s: a persona jailbreak is typed by the user", where)
			case r.Meta.Channel == "user":
				assert.Equal(t, "direct", r.Kind, "%s: kind of a user-channel injection", where)
			default:
				assert.Equal(t, "indirect", r.Kind, "%s: kind of an untrusted-channel injection", where)
			}
			cells[r.Meta.Category+"/"+r.Meta.Language]++
		case "benign":
			assert.Equal(t, "benign", r.Kind, "%s: kind", where)
			assert.Equal(t, "hard_negative", r.Meta.Category, "%s: meta.category", where)
			assert.NotEmpty(t, r.Meta.NegativeKind, "%s: meta.negative_kind", where)
			negatives[r.Meta.Language]++
		default:
			t.Errorf("%s: label %q", where, r.Label)
		}
	}
	return cells, negatives
}

// TestParaphraseSetNotFromCorpus checks that no text of testdata/paraphrase
// or of its held-out sibling is, or is contained in, a text of the
// development corpus ($AISECOPS_CORPUS, default ../shared/corpus beside the
// repository).
func TestParaphraseSetNotFromCorpus(t *testing.T) {
	dir := os.Getenv("AISECOPS_CORPUS")
	if dir == "" {
		dir = "../../../shared/corpus"
	}
	files, err := corpus.Files(dir)
	if err != nil {
		t.Skipf("development corpus not found (set AISECOPS_CORPUS to its folder to run this check): %v", err)
	}
	var all strings.Builder
	exact := map[string]string{}
	for _, f := range files {
		require.NoError(t, corpus.Read(f, func(line int, r corpus.Record) error {
			k := normText(*r.Text)
			exact[k] = fmt.Sprintf("%s:%d", filepath.Base(f), line)
			all.WriteString(k)
			all.WriteByte(0)
			return nil
		}))
	}
	index := suffixarray.New([]byte(all.String()))
	for _, r := range append(readParaphrase(t, paraphraseDir), readParaphrase(t, holdoutDir)...) {
		k := normText(r.Text)
		if at, ok := exact[k]; ok {
			t.Errorf("%s: text is in the development corpus (%s)", r.ID, at)
			continue
		}
		assert.Empty(t, index.Lookup([]byte(k), 1), "%s: text is contained in a development corpus text", r.ID)
	}
}

// TestParaphraseHoldoutIsNew checks that no held-out text repeats one of
// testdata/paraphrase, whose misses have been read.
func TestParaphraseHoldoutIsNew(t *testing.T) {
	seen := map[string]string{}
	for _, r := range readParaphrase(t, paraphraseDir) {
		seen[normText(r.Text)] = r.ID
	}
	for _, r := range readParaphrase(t, holdoutDir) {
		if id, ok := seen[normText(r.Text)]; ok {
			t.Errorf("%s: same text as %s of testdata/paraphrase", r.ID, id)
		}
	}
}

// TestParaphraseSetEvaluates runs aisecops eval over testdata/paraphrase:
// the set must be a corpus eval reads without an error.
func TestParaphraseSetEvaluates(t *testing.T) {
	code, stdout, stderr := runCLI("eval", "--corpus", paraphraseDir)
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, stdout, "injections_hi.jsonl")
	assert.Contains(t, stdout, "hard_negatives_en.jsonl")
	assert.Contains(t, stdout, "TOTAL recall=")
}
