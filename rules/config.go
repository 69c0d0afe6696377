package rules

import "github.com/aisecops/aisecops/internal/config"

// Config is the policy document as written by the operator, with defaults
// applied: ParseConfig reads it, Compile turns it into a Policy.
type Config = config.Config

// ParseConfig reads a policy document and checks every field; an error
// names the field, the value and why it is refused.
func ParseConfig(data []byte) (Config, error) { return config.ParseConfig(data) }
