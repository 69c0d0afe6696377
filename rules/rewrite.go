package rules

import "strconv"

// RemovedMarker replaces untrusted text that was removed as injected. It is
// short and neutral: the model learns that something was withheld, not
// what, and nothing in it reads as an instruction.
const RemovedMarker = "[content removed by AISecOps: untrusted text flagged as prompt injection]"

// itoa is strconv.Itoa, named short for message building.
func itoa(n int) string { return strconv.Itoa(n) }
