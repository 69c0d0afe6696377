package rules

import (
	"strings"

	"github.com/aisecops/aisecops/internal/wire"
)

// The releases the identifiers below are written against. Each ATLAS id
// and name was checked against that release's data; a copy of what was
// checked is in rules/testdata/atlas-2026.08.tsv and a test compares the
// two. OWASP ids carry their list's year ("LLM01:2025").
const (
	ATLASRelease    = "2026.08"
	OWASPLLMRelease = "2025"
)

// ATLASObject is a MITRE ATLAS tactic or technique: its id and its name
// in ATLASRelease.
type ATLASObject struct {
	UID  string `json:"uid"`
	Name string `json:"name"`
}

// Attack is one OCSF attack object (MITRE ATLAS in place of ATT&CK): the
// tactic the technique achieves, the technique, and, when there is one,
// the sub-technique.
type Attack struct {
	Version      string      `json:"version"` // ATLASRelease
	Tactic       ATLASObject `json:"tactic"`
	Technique    ATLASObject `json:"technique"`
	SubTechnique ATLASObject `json:"sub_technique,omitzero"` // zero when none fits
}

// Standard is what an event carries from the two catalogues. A zero
// Standard means no catalogue entry applies: the refusal is about what
// could not be inspected, not about an attack seen.
type Standard struct {
	OWASP  string // OWASP Top 10 for LLM Applications id, "LLM01:2025"
	Attack Attack
	// attacks is Attack as the one-element list events carry, made
	// once per row so that no event allocates it.
	attacks []Attack
}

// atlasNames are the names, in ATLASRelease, of every ATLAS object the
// table uses.
var atlasNames = map[string]string{
	"AML.TA0005":    "Execution",
	"AML.TA0006":    "Persistence",
	"AML.TA0007":    "Defense Evasion",
	"AML.TA0010":    "Exfiltration",
	"AML.T0051":     "LLM Prompt Injection",
	"AML.T0051.000": "Direct",
	"AML.T0051.001": "Indirect",
	"AML.T0053":     "AI Agent Tool Invocation",
	"AML.T0054":     "LLM Jailbreak",
	"AML.T0056":     "Extract LLM System Prompt",
	"AML.T0057":     "LLM Data Leakage",
	"AML.T0068":     "LLM Prompt Obfuscation",
	"AML.T0110":     "AI Agent Tool Poisoning",
}

// owaspNames are the titles of the OWASP 2025 entries the table uses.
var owaspNames = map[string]string{
	"LLM01": "Prompt Injection",
	"LLM02": "Sensitive Information Disclosure",
	"LLM03": "Supply Chain",
	"LLM06": "Excessive Agency",
	"LLM07": "System Prompt Leakage",
}

// standardRow maps one key to its identifiers. A key is a Reason, or
// "family:" and a detection family for the context layer (whose reason
// is always ReasonInjection; the family says what the injection wants).
// tactic, technique and sub are ATLAS ids; sub is empty when none fits.
// A row with no owasp is a refusal no catalogue entry describes.
type standardRow struct {
	key                    string
	owasp                  string
	tactic, technique, sub string
	why                    string // the reasoning, for docs/standards.md
}

const familyKey = "family:"

// standardTable is the one place events get their identifiers. Every
// reason in reasonTable and every detection family (inject.Families and
// "other") has a row; a test enumerates both.
var standardTable = []standardRow{
	// Context layer: injected text in untrusted content. The default is
	// indirect prompt injection; the user's own text (scan_user) is direct.
	{familyKey + "other", "LLM01", "AML.TA0005", "AML.T0051", "AML.T0051.001", "instructions in untrusted content"},
	{familyKey + "authority_claim", "LLM01", "AML.TA0005", "AML.T0051", "AML.T0051.001", "claims authority to give instructions"},
	{familyKey + "fake_completion", "LLM01", "AML.TA0005", "AML.T0051", "AML.T0051.001", "fakes the end of the task to start another"},
	{familyKey + "fake_dialogue", "LLM01", "AML.TA0005", "AML.T0051", "AML.T0051.001", "forges conversation turns"},
	{familyKey + "forced_reply", "LLM01", "AML.TA0005", "AML.T0051", "AML.T0051.001", "dictates the model's reply"},
	{familyKey + "model", "LLM01", "AML.TA0005", "AML.T0051", "AML.T0051.001", "the statistical model's verdict: no finer family"},
	{familyKey + "obedience_demand", "LLM01", "AML.TA0005", "AML.T0051", "AML.T0051.001", "demands obedience"},
	{familyKey + "operator", "LLM01", "AML.TA0005", "AML.T0051", "AML.T0051.001", "the operator's own phrases"},
	{familyKey + "override", "LLM01", "AML.TA0005", "AML.T0051", "AML.T0051.001", "tells the model to drop its instructions"},
	{familyKey + "payload_splitting", "LLM01", "AML.TA0005", "AML.T0051", "AML.T0051.001", "splits the payload to be reassembled"},
	{familyKey + "phishing_lure", "LLM01", "AML.TA0005", "AML.T0051", "AML.T0051.001", "lures the user through the model"},
	{familyKey + "response_control", "LLM01", "AML.TA0005", "AML.T0051", "AML.T0051.001", "controls the response's form"},
	{familyKey + "role_impersonation", "LLM01", "AML.TA0005", "AML.T0051", "AML.T0051.001", "impersonates a system or developer role"},
	{familyKey + "secrecy", "LLM01", "AML.TA0005", "AML.T0051", "AML.T0051.001", "asks the model to hide the instructions"},
	{familyKey + "split_parts", "LLM01", "AML.TA0005", "AML.T0051", "AML.T0051.001", "instructions split across parts"},
	{familyKey + "structure", "LLM01", "AML.TA0005", "AML.T0051", "AML.T0051.001", "imperatives aimed at the model's work"},
	{familyKey + "task_hijack", "LLM01", "AML.TA0005", "AML.T0051", "AML.T0051.001", "replaces the user's task"},
	{familyKey + "template_markers", "LLM01", "AML.TA0005", "AML.T0051", "AML.T0051.001", "chat template markers in data"},
	{familyKey + "urgency_authority", "LLM01", "AML.TA0005", "AML.T0051", "AML.T0051.001", "urgency used as authority"},
	// Jailbreaks are prompt injection for OWASP (LLM01 includes them);
	// ATLAS has a technique of its own.
	{familyKey + "harmful_intent", "LLM01", "AML.TA0007", "AML.T0054", "", "asks for harmful output"},
	{familyKey + "malicious_code", "LLM01", "AML.TA0007", "AML.T0054", "", "asks for malicious code"},
	{familyKey + "malicious_request", "LLM01", "AML.TA0007", "AML.T0054", "", "asks for what the model must refuse"},
	{familyKey + "persona_amoral", "LLM01", "AML.TA0007", "AML.T0054", "", "an amoral persona"},
	{familyKey + "persona_instruction", "LLM01", "AML.TA0007", "AML.T0054", "", "instructs the model to become a persona"},
	{familyKey + "persona_jailbreak", "LLM01", "AML.TA0007", "AML.T0054", "", "a named jailbreak persona"},
	{familyKey + "persona_markers", "LLM01", "AML.TA0007", "AML.T0054", "", "persona reply markers"},
	{familyKey + "refusal_suppression", "LLM01", "AML.TA0007", "AML.T0054", "", "forbids refusing"},
	{familyKey + "virtualization", "LLM01", "AML.TA0007", "AML.T0054", "", "a fictional frame around the request"},
	// Hidden and encoded instructions.
	{familyKey + "hidden", "LLM01", "AML.TA0007", "AML.T0068", "", "instructions hidden from the reader"},
	{familyKey + "obfuscation", "LLM01", "AML.TA0007", "AML.T0068", "", "zero-width, homoglyph or bidi characters"},
	{familyKey + "smuggling", "LLM01", "AML.TA0007", "AML.T0068", "", "Unicode tag characters"},
	{familyKey + "template_tokens", "LLM01", "AML.TA0007", "AML.T0068", "", "special tokens smuggled as text"},
	{familyKey + "token_smuggling", "LLM01", "AML.TA0007", "AML.T0068", "", "encoded payloads"},
	// What the injection is after.
	{familyKey + "exfiltration", "LLM02", "AML.TA0010", "AML.T0057", "", "sends data out (links, images, tools)"},
	{familyKey + "prompt_extraction", "LLM07", "AML.TA0010", "AML.T0056", "", "asks for the system prompt or secrets"},
	{familyKey + "skip_confirmation", "LLM06", "AML.TA0005", "AML.T0053", "", "asks to act without the user's confirmation"},
	{familyKey + "tool_request", "LLM06", "AML.TA0005", "AML.T0053", "", "asks the model to call a tool"},

	// The model's own text: an image whose URL carries data out.
	{string(ReasonExfilImage), "LLM02", "AML.TA0010", "AML.T0057", "", "an image in the answer whose URL carries data out"},

	{string(ReasonInjection), "LLM01", "AML.TA0005", "AML.T0051", "AML.T0051.001", "a segment with no finding: the family row decides otherwise"},

	// Tool gateway: what an agent may do.
	{string(ReasonToolDenied), "LLM06", "AML.TA0005", "AML.T0053", "", "a tool call the policy does not allow"},
	{string(ReasonToolSandbox), "LLM06", "AML.TA0005", "AML.T0053", "", "a high-risk call held for the sandbox"},
	{string(ReasonToolApprove), "LLM06", "AML.TA0005", "AML.T0053", "", "an irreversible call held for a human"},
	{string(ReasonToolsHidden), "LLM06", "AML.TA0005", "AML.T0053", "", "tools the caller may not call, hidden"},
	{string(ReasonApprovalRequired), "LLM06", "AML.TA0005", "AML.T0053", "", "a held call without approval"},
	{string(ReasonApprovalDenied), "LLM06", "AML.TA0005", "AML.T0053", "", "a human said no"},
	{string(ReasonApprovalExpired), "LLM06", "AML.TA0005", "AML.T0053", "", "nobody said yes in time"},
	{string(ReasonApprovalNotUsable), "LLM06", "AML.TA0005", "AML.T0053", "", "an approval for another call, or used"},
	{string(ReasonTainted), "LLM01", "AML.TA0005", "AML.T0051", "AML.T0051.001", "a tool call steered by injected content"},
	{string(ReasonRugPull), "LLM03", "AML.TA0006", "AML.T0110", "", "a tool's description changed after it was pinned"},
	{string(ReasonHeaderMismatch), "LLM06", "AML.TA0005", "AML.T0053", "", "the header names another tool or method than the body"},

	// Protocol and the filter's own failures: what could not be inspected
	// safely. No catalogue entry describes these; the event says so by
	// carrying none.
	{string(ReasonBodyTooLarge), "", "", "", "", "over the inspection limit"},
	{string(ReasonUnsupportedEncoding), "", "", "", "", "an encoding the filter cannot read"},
	{string(ReasonDecodeError), "", "", "", "", "a body that does not decode"},
	{string(ReasonInvalidJSON), "", "", "", "", "not JSON"},
	{string(ReasonInvalidUTF8), "", "", "", "", "not UTF-8"},
	{string(ReasonTooDeep), "", "", "", "", "nested past the limit"},
	{string(ReasonBadShape), "", "", "", "", "not the API's shape"},
	{string(ReasonUnknownFormat), "", "", "", "", "no adapter knows it"},
	{string(ReasonAmbiguousJSON), "", "", "", "", "duplicate keys: two readings"},
	{string(ReasonAmbiguousPath), "", "", "", "", "a path servers read two ways"},
	{string(ReasonAmbiguousMediaType), "", "", "", "", "a content type read two ways"},
	{string(ReasonAmbiguousStream), "", "", "", "", "an event stream read two ways"},
	{string(ReasonImageLinkLimit), "", "", "", "", "an image link too long to judge"},
	{string(ReasonUnrouted), "", "", "", "", "no adapter for the path"},
	{string(ReasonUpgrade), "", "", "", "", "an upgraded stream"},
	{string(ReasonPanic), "", "", "", "", "the filter's own failure"},
	{string(ReasonRewriteError), "", "", "", "", "the filter's own failure"},
	{string(ReasonHostError), "", "", "", "", "the host's failure"},
	{string(ReasonRunnerError), "", "", "", "", "the runner could not be reached"},
	{string(ReasonInternalError), "", "", "", "", "the filter's own failure"},
	{string(ReasonEventDropped), "", "", "", "", "the audit trail's failure"},
	{string(ReasonEventPostFailed), "", "", "", "", "the audit trail's failure"},
}

// Standards by reason and by family (indirect, and direct for the user's
// own text), built once: looking one up allocates nothing, and events
// share their attacks slices (read-only).
var (
	reasonStandards = map[Reason]Standard{}
	familyStandards = [2]map[string]Standard{{}, {}} // [0] indirect, [1] direct
)

func init() {
	for _, r := range standardTable {
		s := r.standard()
		fam, ok := strings.CutPrefix(r.key, familyKey)
		if !ok {
			reasonStandards[Reason(r.key)] = s
			continue
		}
		familyStandards[0][fam] = s
		if s.Attack.SubTechnique.UID == "AML.T0051.001" {
			s.Attack.SubTechnique = ATLASObject{UID: "AML.T0051.000", Name: atlasNames["AML.T0051.000"]}
			s.attacks = []Attack{s.Attack}
		}
		familyStandards[1][fam] = s
	}
}

func (r standardRow) standard() Standard {
	if r.owasp == "" {
		return Standard{}
	}
	obj := func(id string) ATLASObject {
		if id == "" {
			return ATLASObject{}
		}
		return ATLASObject{UID: id, Name: atlasNames[id]}
	}
	s := Standard{OWASP: r.owasp + ":" + OWASPLLMRelease, Attack: Attack{
		Tactic: obj(r.tactic), Technique: obj(r.technique), SubTechnique: obj(r.sub), Version: ATLASRelease}}
	s.attacks = []Attack{s.Attack}
	return s
}

// StandardFor is the identifiers of a reason (any layer but the context
// layer's findings; see StandardForFamily). An unknown reason has none.
func StandardFor(r Reason) Standard { return reasonStandards[r] }

// StandardForFamily is the identifiers of an injection finding's family,
// from trust: the user's own text is a direct injection, any other an
// indirect one. A family not in the table counts as "other".
func StandardForFamily(family string, trust wire.Trust) Standard {
	m := familyStandards[0]
	if trust == wire.User {
		m = familyStandards[1]
	}
	if s, ok := m[family]; ok {
		return s
	}
	return m["other"]
}

// StandardsMarkdown renders the table for docs/standards.md (a test keeps
// the document equal to it).
func StandardsMarkdown() string {
	var b strings.Builder
	b.WriteString("| layer | reason or family | OWASP LLM " + OWASPLLMRelease + " | ATLAS tactic | ATLAS technique | why |\n")
	b.WriteString("|---|---|---|---|---|---|\n")
	for _, r := range standardTable {
		var layer, key string
		if fam, ok := strings.CutPrefix(r.key, familyKey); ok {
			layer = LayerContext
			key = "family `" + fam + "`"
		} else {
			layer = Reason(r.key).Layer()
			key = "`" + r.key + "`"
		}
		owasp, tactic, tech := "none", "none", "none"
		if r.owasp != "" {
			owasp = r.owasp + " " + owaspNames[r.owasp]
			tactic = r.tactic + " " + atlasNames[r.tactic]
			tech = r.technique + " " + atlasNames[r.technique]
			if r.sub != "" {
				tech += ": " + r.sub + " " + atlasNames[r.sub]
			}
		}
		b.WriteString("| " + layer + " | " + key + " | " + owasp + " | " + tactic + " | " + tech + " | " + r.why + " |\n")
	}
	return b.String()
}
