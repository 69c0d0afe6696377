// Package promseries reads envoy/prometheus/series.txt, the hand-checked
// list of the Prometheus series AISecOps exports, and finds the series a
// PromQL expression uses. It is a test helper: the tests of envoy/ and
// of the sandbox-runner's server compare the list with what the filter
// and the runner define, and the dashboard and alert rules with the list.
package promseries

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
)

// Series is one row of the list: a metric family as Prometheus sees it.
type Series struct {
	Name   string
	Type   string   // counter, gauge or histogram
	Labels []string // sorted; a histogram's _bucket adds le
	Source string   // filter (Envoy's /stats/prometheus) or runner (/metrics)
}

// Path is the list's path in the repository.
func Path() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "envoy", "prometheus", "series.txt")
}

// Read parses the list. A malformed row is an error naming its line.
func Read() ([]Series, error) {
	f, err := os.Open(Path())
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []Series
	seen := map[string]bool{}
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) != 4 {
			return nil, fmt.Errorf("series.txt:%d: want 4 tab-separated columns, have %d", n, len(cols))
		}
		s := Series{Name: cols[0], Type: cols[1], Source: cols[3]}
		if !slices.Contains([]string{"counter", "gauge", "histogram"}, s.Type) {
			return nil, fmt.Errorf("series.txt:%d: type %q is not counter, gauge or histogram", n, s.Type)
		}
		if s.Source != "filter" && s.Source != "runner" {
			return nil, fmt.Errorf("series.txt:%d: source %q is not filter or runner", n, s.Source)
		}
		if cols[2] != "-" {
			s.Labels = strings.Split(cols[2], ",")
			slices.Sort(s.Labels)
		}
		if seen[s.Name] {
			return nil, fmt.Errorf("series.txt:%d: %s listed twice", n, s.Name)
		}
		seen[s.Name] = true
		out = append(out, s)
	}
	return out, sc.Err()
}

// Names maps every series name a query may use to its labels: a
// histogram's family expands to _bucket (with le), _sum and _count.
func Names(list []Series) map[string][]string {
	out := map[string][]string{}
	for _, s := range list {
		if s.Type != "histogram" {
			out[s.Name] = s.Labels
			continue
		}
		out[s.Name+"_bucket"] = append(slices.Clone(s.Labels), "le")
		out[s.Name+"_sum"] = s.Labels
		out[s.Name+"_count"] = s.Labels
	}
	return out
}

// Use is what one PromQL expression reads: each series name with the
// labels its selectors match on, and the labels it groups by.
type Use struct {
	Selectors []Selector
	Grouping  []string // labels of by, without, on, ignoring, group_left/right
}

// Selector is one metric name and the labels its {...} names.
type Selector struct {
	Name   string
	Labels []string
}

// words that are not series names even when no '(' follows them.
var keywords = map[string]bool{
	"sum": true, "min": true, "max": true, "avg": true, "group": true, "stddev": true, "stdvar": true,
	"count": true, "count_values": true, "bottomk": true, "topk": true, "quantile": true, "limitk": true,
	"limit_ratio": true, "bool": true, "and": true, "or": true, "unless": true, "offset": true,
	"inf": true, "nan": true, "atan2": true,
}

var groupings = map[string]bool{"by": true, "without": true, "on": true, "ignoring": true, "group_left": true, "group_right": true}

// Parse finds the series names of a PromQL expression (Grafana's
// $variables allowed). It reads names, not meaning: promtool checks the
// syntax of the alert rules, Grafana the dashboard's.
func Parse(expr string) (Use, error) {
	var u Use
	s := expr
	i := 0
	skipSpace := func(j int) int {
		for j < len(s) && (s[j] == ' ' || s[j] == '\n' || s[j] == '\t' || s[j] == '\r') {
			j++
		}
		return j
	}
	skipString := func(j int) (int, error) {
		q := s[j]
		for j++; j < len(s); j++ {
			if s[j] == '\\' && q != '`' {
				j++
				continue
			}
			if s[j] == q {
				return j + 1, nil
			}
		}
		return 0, fmt.Errorf("unterminated string in %q", expr)
	}
	ident := func(j int) int {
		for j < len(s) && (isIdent(s[j]) || s[j] >= '0' && s[j] <= '9') {
			j++
		}
		return j
	}
	// labelList reads "(a, b)" from j at '(' and returns the names.
	labelList := func(j int) ([]string, int, error) {
		end := strings.IndexByte(s[j:], ')')
		if end < 0 {
			return nil, 0, fmt.Errorf("unclosed label list in %q", expr)
		}
		var names []string
		for _, f := range strings.Split(s[j+1:j+end], ",") {
			if f = strings.TrimSpace(f); f != "" {
				names = append(names, f)
			}
		}
		return names, j + end + 1, nil
	}
	for i < len(s) {
		c := s[i]
		switch {
		case c == '"' || c == '\'' || c == '`':
			j, err := skipString(i)
			if err != nil {
				return u, err
			}
			i = j
		case c == '[':
			end := strings.IndexByte(s[i:], ']')
			if end < 0 {
				return u, fmt.Errorf("unclosed [ in %q", expr)
			}
			i += end + 1
		case c == '{':
			return u, fmt.Errorf("selector without a metric name at offset %d of %q", i, expr)
		case c == '$':
			i++
			for i < len(s) && (isIdent(s[i]) || s[i] >= '0' && s[i] <= '9' || s[i] == '{' || s[i] == '}') {
				i++
			}
		case c >= '0' && c <= '9' || c == '.':
			for i < len(s) && (isIdent(s[i]) || s[i] >= '0' && s[i] <= '9' || s[i] == '.') {
				i++
			}
		case isIdent(c):
			j := ident(i)
			word := s[i:j]
			next := skipSpace(j)
			switch {
			case groupings[word]:
				i = j
				if next < len(s) && s[next] == '(' {
					names, k, err := labelList(next)
					if err != nil {
						return u, err
					}
					u.Grouping = append(u.Grouping, names...)
					i = k
				}
			case next < len(s) && s[next] == '(', keywords[word]:
				i = j
			default:
				sel := Selector{Name: word}
				i = j
				if next < len(s) && s[next] == '{' {
					k, labels, err := matchers(s, next)
					if err != nil {
						return u, fmt.Errorf("%s: %w", word, err)
					}
					sel.Labels, i = labels, k
				}
				u.Selectors = append(u.Selectors, sel)
			}
		default:
			i++
		}
	}
	return u, nil
}

// matchers reads {a="x", b=~"y"} from j at '{' and returns the position
// after '}' and the label names.
func matchers(s string, j int) (int, []string, error) {
	var names []string
	j++
	for j < len(s) {
		for j < len(s) && (s[j] == ' ' || s[j] == ',' || s[j] == '\n') {
			j++
		}
		if j < len(s) && s[j] == '}' {
			return j + 1, names, nil
		}
		k := j
		for k < len(s) && (isIdent(s[k]) || s[k] >= '0' && s[k] <= '9') {
			k++
		}
		if k == j {
			return 0, nil, fmt.Errorf("bad matcher at %q", s[j:])
		}
		names = append(names, s[j:k])
		for k < len(s) && strings.IndexByte(" =!~", s[k]) >= 0 {
			k++
		}
		if k >= len(s) || s[k] != '"' && s[k] != '\'' {
			return 0, nil, fmt.Errorf("matcher %s has no quoted value", s[j:k])
		}
		q := s[k]
		for k++; k < len(s) && s[k] != q; k++ {
			if s[k] == '\\' {
				k++
			}
		}
		j = k + 1
	}
	return 0, nil, fmt.Errorf("unclosed {")
}

func isIdent(c byte) bool {
	return c == '_' || c == ':' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}
