package e2e

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/aisecops/aisecops/e2e/fakes"
	"github.com/anthropics/anthropic-sdk-go"
	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/responses"
)

// Streamed LLM answers (issue 20): with each API's official streaming
// client, the first text delta reaches the agent while the fake upstream
// still waits on a barrier (it only goes on once the agent has the text,
// so a filter that held the stream would never let it go on), and the
// disallowed tool call that follows reaches the agent as the SDK's error.

func init() { Scenarios = append(append(Scenarios, streamScenarios...), imageScenario) }

func barrierPrompt(id string) string { return "please delete the old report (barrier=" + id + ")" }

// emailPrompt makes the fake model call send_email, which needs a human.
func emailPrompt(id string) string { return "please email the team (barrier=" + id + ")" }

var approveMetric = []string{"aisecops_tool_calls_total", "tool", "send_email", "action", "approve"}

var streamScenarios = []Scenario{
	{Name: "streamed chat: text flows, a denied call is the stream's error", Expect: "block",
		Metric: []string{"aisecops_detections_total", "layer", "tool_gateway", "rule", "tool_denied", "action", "deny"},
		Event:  []string{`"tool":"delete_file"`, `"reason":"tool_denied"`, `"direction":"response"`, `"format":"openai_chat"`},
		Run: func(ctx context.Context, env *Env) (Outcome, error) {
			return streamDeniedWith(ctx, func(id string, firstText func(string)) error {
				_, err := chatStreamText(ctx, env, barrierPrompt(id), firstText, func(ch openai.ChatCompletionChunk) error {
					if len(ch.Choices) > 0 && len(ch.Choices[0].Delta.ToolCalls) > 0 {
						return errors.New("a tool call delta reached the agent")
					}
					return nil
				})
				return err
			})
		}},
	{Name: "streamed Responses: text flows, a denied call is the stream's error", Expect: "block",
		Metric: []string{"aisecops_detections_total", "layer", "tool_gateway", "rule", "tool_denied", "action", "deny"},
		Event:  []string{`"tool":"delete_file"`, `"reason":"tool_denied"`, `"direction":"response"`, `"format":"openai_responses"`},
		Run: func(ctx context.Context, env *Env) (Outcome, error) {
			return streamDeniedWith(ctx, func(id string, firstText func(string)) error {
				c := openaiClient(env)
				s := c.Responses.NewStreaming(ctx, responses.ResponseNewParams{Model: "gpt-5",
					Input: responses.ResponseNewParamsInputUnion{OfString: openai.String(barrierPrompt(id))}})
				for s.Next() {
					ev := s.Current()
					switch ev.Type {
					case "response.output_text.delta":
						firstText(ev.Delta)
					case "response.output_item.added", "response.function_call_arguments.delta", "response.output_item.done":
						if ev.Item.Type == "function_call" || ev.Type == "response.function_call_arguments.delta" {
							return errors.New("a function call event reached the agent")
						}
					}
				}
				return s.Err()
			})
		}},
	{Name: "streamed Anthropic: text flows, a denied call is the stream's error", Expect: "block",
		Metric: []string{"aisecops_detections_total", "layer", "tool_gateway", "rule", "tool_denied", "action", "deny"},
		Event:  []string{`"tool":"delete_file"`, `"reason":"tool_denied"`, `"direction":"response"`, `"format":"anthropic_messages"`},
		Run: func(ctx context.Context, env *Env) (Outcome, error) {
			return streamDeniedWith(ctx, func(id string, firstText func(string)) error {
				return anthropicUntilCall(ctx, env, barrierPrompt(id), firstText)
			})
		}},
	{Name: "streamed chat: a call held for a human, approved, reaches the agent", Expect: "approve",
		Metric: approveMetric, Event: []string{`"tool":"send_email"`, `"action":"approve"`, `"format":"openai_chat"`},
		Run: func(ctx context.Context, env *Env) (Outcome, error) {
			return streamApproval(ctx, env, "approve", func(id string, firstText func(string)) (string, error) {
				c := openaiClient(env)
				s := c.Chat.Completions.NewStreaming(ctx, openai.ChatCompletionNewParams{Model: "gpt-4o",
					Messages: []openai.ChatCompletionMessageParamUnion{openai.UserMessage(emailPrompt(id))}})
				var acc openai.ChatCompletionAccumulator
				for s.Next() {
					ch := s.Current()
					if !acc.AddChunk(ch) {
						return "", errors.New("the SDK's accumulator refused a chunk")
					}
					if len(ch.Choices) > 0 && ch.Choices[0].Delta.Content != "" {
						firstText(ch.Choices[0].Delta.Content)
					}
				}
				if err := s.Err(); err != nil {
					return "", err
				}
				if len(acc.Choices) != 1 || len(acc.Choices[0].Message.ToolCalls) != 1 {
					return "", errors.New("the agent did not get one tool call")
				}
				fn := acc.Choices[0].Message.ToolCalls[0].Function
				return fn.Name + " " + fn.Arguments, nil
			})
		}},
	{Name: "streamed Anthropic: a call held for a human, denied, is the stream's error", Expect: "approve",
		Metric: approveMetric, Event: []string{`"tool":"send_email"`, `"action":"approve"`, `"format":"anthropic_messages"`},
		Run: func(ctx context.Context, env *Env) (Outcome, error) {
			return streamApproval(ctx, env, "deny", func(id string, firstText func(string)) (string, error) {
				return "", anthropicUntilCall(ctx, env, emailPrompt(id), firstText)
			})
		}},
	{Name: "streamed Responses: a call held for a human, approved, reaches the agent", Expect: "approve",
		Metric: approveMetric, Event: []string{`"tool":"send_email"`, `"action":"approve"`, `"format":"openai_responses"`},
		Run: func(ctx context.Context, env *Env) (Outcome, error) {
			return streamApproval(ctx, env, "approve", func(id string, firstText func(string)) (string, error) {
				c := openaiClient(env)
				s := c.Responses.NewStreaming(ctx, responses.ResponseNewParams{Model: "gpt-5",
					Input: responses.ResponseNewParamsInputUnion{OfString: openai.String(emailPrompt(id))}})
				call := ""
				for s.Next() {
					ev := s.Current()
					switch ev.Type {
					case "response.output_text.delta":
						firstText(ev.Delta)
					case "response.output_item.done":
						if ev.Item.Type == "function_call" {
							call = ev.Item.Name + " " + ev.Item.Arguments.OfString
						}
					}
				}
				if err := s.Err(); err != nil {
					return "", err
				}
				if call == "" {
					return "", errors.New("the agent did not get the function call")
				}
				return call, nil
			})
		}},
}

// imageScenario: the model's streamed text holds an image whose URL
// carries data (an injection's work); the text before it reached the
// agent while the upstream waited, and the image reaches it as the
// SDK's error, never as text the client would render.
var imageScenario = Scenario{Name: "streamed chat: an image that carries data is the stream's error", Expect: "block",
	Metric: []string{"aisecops_detections_total", "layer", "context", "rule", "exfiltration", "action", "block"},
	Event:  []string{`"reason":"exfil_image"`, `"layer":"context"`, `"owasp_llm":"LLM02:2025"`, `"format":"openai_chat"`},
	Run: func(ctx context.Context, env *Env) (Outcome, error) {
		return streamRefusedWith(ctx, "exfil_image", func(id string, firstText func(string)) error {
			acc, err := chatStreamText(ctx, env, "draw the sales chart (barrier="+id+")", firstText, nil)
			if len(acc.Choices) > 0 && strings.Contains(acc.Choices[0].Message.Content, fakes.ExfilImageData) {
				return errors.New("the image's data reached the agent as text")
			}
			return err
		})
	}}

// chatStreamText streams prompt's answer with openai-go's Chat client:
// each chunk's text goes to firstText and the chunk to check (which may
// end the reading with an error); it returns what the accumulator built
// and the stream's error.
func chatStreamText(ctx context.Context, env *Env, prompt string, firstText func(string),
	check func(openai.ChatCompletionChunk) error) (openai.ChatCompletionAccumulator, error) {
	c := openaiClient(env)
	s := c.Chat.Completions.NewStreaming(ctx, openai.ChatCompletionNewParams{Model: "gpt-4o",
		Messages: []openai.ChatCompletionMessageParamUnion{openai.UserMessage(prompt)}})
	var acc openai.ChatCompletionAccumulator
	for s.Next() {
		ch := s.Current()
		acc.AddChunk(ch)
		if len(ch.Choices) > 0 && ch.Choices[0].Delta.Content != "" {
			firstText(ch.Choices[0].Delta.Content)
		}
		if check != nil {
			if err := check(ch); err != nil {
				return acc, err
			}
		}
	}
	return acc, s.Err()
}

// anthropicUntilCall streams prompt's answer with anthropic-sdk-go, its
// accumulator taking every event, and returns the stream's error; a
// tool_use block reaching the agent is an error of its own.
func anthropicUntilCall(ctx context.Context, env *Env, prompt string, firstText func(string)) error {
	c := anthropicClient(env)
	s := c.Messages.NewStreaming(ctx, anthropic.MessageNewParams{Model: "claude-sonnet-4-5", MaxTokens: 256,
		Messages: []anthropic.MessageParam{anthropic.NewUserMessage(anthropic.NewTextBlock(prompt))}})
	var msg anthropic.Message
	for s.Next() {
		ev := s.Current()
		if err := msg.Accumulate(ev); err != nil {
			return fmt.Errorf("the SDK's accumulator refused the stream: %w", err)
		}
		if ev.Type == "content_block_delta" && ev.Delta.Type == "text_delta" {
			firstText(ev.Delta.Text)
		}
		if ev.Type == "content_block_start" && ev.ContentBlock.Type == "tool_use" {
			return errors.New("a tool_use block reached the agent")
		}
	}
	return s.Err()
}

// streamApproval runs a streamed answer whose send_email call needs a
// human while the approver decides with verb: the text flows before the
// call (the upstream waits on a barrier for it); approved, the agent gets
// the call; denied, the stream's error names approval_denied.
func streamApproval(ctx context.Context, env *Env, verb string, run func(id string, firstText func(string)) (string, error)) (Outcome, error) {
	id, release, timedOut := fakes.NewBarrier()
	defer release()
	done := make(chan error, 1)
	go func() { done <- env.Stack.Approve(ctx, verb, 20*time.Second) }()
	first := ""
	got, err := run(id, func(text string) {
		if first == "" {
			first = text
			release()
		}
	})
	if aerr := <-done; aerr != nil {
		return Outcome{}, fmt.Errorf("approver: %w", aerr)
	}
	if timedOut() || first == "" {
		return Outcome{}, fmt.Errorf("no text reached the agent before the call (stream error: %v)", err)
	}
	if verb == "approve" {
		if err != nil {
			return Outcome{}, err
		}
		if !strings.HasPrefix(got, "send_email ") || !strings.Contains(got, "team@example.com") {
			return Outcome{}, fmt.Errorf("the agent got %q", got)
		}
		return Outcome{"approve → approved", got}, nil
	}
	if err == nil || !strings.Contains(err.Error(), "approval_denied") {
		return Outcome{}, fmt.Errorf("want the stream's error naming approval_denied, got %v", err)
	}
	return Outcome{"approve → denied", errorBody(err)}, nil
}

// errorBody is the error body a stream's error carries: the SDKs' message
// starts with the request's URL, whose port differs between runs (and
// between the runtimes the scenarios are compared across).
func errorBody(err error) string {
	msg := err.Error()
	if i := strings.IndexByte(msg, '{'); i >= 0 {
		msg = msg[i:]
	}
	return msg
}

// streamDeniedWith is streamRefusedWith for a denied tool call: the
// barrier's id is handed to the SDK loop, which names it in its prompt.
func streamDeniedWith(ctx context.Context, run func(id string, firstText func(string)) error) (Outcome, error) {
	return streamRefusedWith(ctx, "tool_denied", run)
}

// streamRefusedWith: the text flowed before the refusal, and the
// stream's error names reason.
func streamRefusedWith(ctx context.Context, reason string, run func(id string, firstText func(string)) error) (Outcome, error) {
	id, release, timedOut := fakes.NewBarrier()
	defer release()
	first := ""
	err := run(id, func(text string) {
		if first == "" {
			first = text
			release()
		}
	})
	if timedOut() {
		return Outcome{}, errors.New("the upstream waited on its barrier until it gave up: no text reached the agent while it streamed")
	}
	if first == "" {
		return Outcome{}, fmt.Errorf("no text delta reached the agent (stream error: %v)", err)
	}
	if err == nil {
		return Outcome{}, errors.New("the stream ended without an error: it was not refused")
	}
	if !strings.Contains(err.Error(), reason) {
		return Outcome{}, fmt.Errorf("the stream's error does not name %s: %v", reason, err)
	}
	return Outcome{"block", fmt.Sprintf("text %q, then %s", first, errorBody(err))}, nil
}
