// Command probe is a proxy-wasm filter scripted by its request headers,
// built by the wasmhost tests to exercise the host's Envoy rules: header
// "x-probe-<cb>" (cb one of rh, rb, rt, sh, sb, st) lists the operations
// run in that callback, separated by ";":
//
//	pause | continue          the action returned (default continue)
//	pause-until-end           pause unless end of stream
//	get                       log the body buffer as get=<bytes> or get!<status>
//	set:<start>:<len>:<data>  proxy_set_buffer_bytes on this direction's body; logs set=<status>
//	hdr:<name>=<value>        replace a header of this direction
//	read:<name>               log a request header as read=<value> or read!<error>
//	trailers                  log this direction's trailers as trailers=<k=v,...>
//	local:<status>:<body>     send_local_response
//	call:resume | call:local  dispatch a call; its answer resumes the stream or answers 418
//
// Every callback logs "probe <cb> size=<n> eos=<b>" first.
package main

import (
	"sort"
	"strconv"
	"strings"
	"unsafe"

	"github.com/proxy-wasm/proxy-wasm-go-sdk/proxywasm"
	"github.com/proxy-wasm/proxy-wasm-go-sdk/proxywasm/types"
)

func main() {}

func init() { proxywasm.SetVMContext(&vm{}) }

type vm struct{ types.DefaultVMContext }

func (*vm) NewPluginContext(uint32) types.PluginContext { return &plugin{} }

type plugin struct{ types.DefaultPluginContext }

func (*plugin) NewHttpContext(uint32) types.HttpContext { return &ctx{} }

type ctx struct {
	types.DefaultHttpContext
	script map[string]string
}

//go:wasmimport env proxy_set_buffer_bytes
func setBufferBytes(bufferType uint32, start uint32, length uint32, data *byte, size uint32) uint32

//go:wasmimport env proxy_get_buffer_bytes
func getBufferBytes(bufferType uint32, start uint32, max uint32, retData unsafe.Pointer, retSize *uint32) uint32

func (c *ctx) run(cb string, size int, eos bool) types.Action {
	proxywasm.LogInfo("probe " + cb + " size=" + strconv.Itoa(size) + " eos=" + strconv.FormatBool(eos))
	response := cb[0] == 's'
	buf := uint32(0)
	if response {
		buf = 1
	}
	act := types.ActionContinue
	for _, op := range strings.Split(c.script[cb], ";") {
		name, arg, _ := strings.Cut(op, ":")
		switch name {
		case "pause":
			act = types.ActionPause
		case "continue":
			act = types.ActionContinue
		case "pause-until-end":
			if !eos {
				act = types.ActionPause
			}
		case "get":
			var p *byte
			var n uint32
			st := getBufferBytes(buf, 0, 1<<30, unsafe.Pointer(&p), &n)
			if st != 0 || p == nil {
				proxywasm.LogInfo("probe " + cb + " get!" + strconv.Itoa(int(st)))
			} else {
				proxywasm.LogInfo("probe " + cb + " get=" + string(unsafe.Slice(p, n)))
			}
		case "set":
			parts := strings.SplitN(arg, ":", 3)
			start, _ := strconv.Atoi(parts[0])
			length, _ := strconv.Atoi(parts[1])
			data := []byte(parts[2])
			var dp *byte
			if len(data) > 0 {
				dp = &data[0]
			}
			st := setBufferBytes(buf, uint32(start), uint32(length), dp, uint32(len(data)))
			proxywasm.LogInfo("probe " + cb + " set=" + strconv.Itoa(int(st)))
		case "hdr":
			k, v, _ := strings.Cut(arg, "=")
			if response {
				_ = proxywasm.ReplaceHttpResponseHeader(k, v)
			} else {
				_ = proxywasm.ReplaceHttpRequestHeader(k, v)
			}
		case "read":
			v, err := proxywasm.GetHttpRequestHeader(arg)
			if err != nil {
				proxywasm.LogInfo("probe " + cb + " read!" + err.Error())
			} else {
				proxywasm.LogInfo("probe " + cb + " read=" + v)
			}
		case "trailers":
			get := proxywasm.GetHttpRequestTrailers
			if response {
				get = proxywasm.GetHttpResponseTrailers
			}
			kv, err := get()
			var out []string
			for _, p := range kv {
				out = append(out, p[0]+"="+p[1])
			}
			sort.Strings(out)
			if err != nil {
				out = append(out, "error")
			}
			proxywasm.LogInfo("probe " + cb + " trailers=" + strings.Join(out, ","))
		case "local":
			status, body, _ := strings.Cut(arg, ":")
			code, _ := strconv.Atoi(status)
			_ = proxywasm.SendHttpResponse(uint32(code), [][2]string{{"x-probe", "local"}}, []byte(body), -1)
		case "call":
			_, err := proxywasm.DispatchHttpCall("runner", [][2]string{{":method", "GET"}, {":path", "/"}, {":authority", "runner"}}, nil, nil, 1000,
				func(int, int, int) {
					proxywasm.LogInfo("probe " + cb + " answered")
					switch {
					case arg == "local":
						_ = proxywasm.SendHttpResponse(418, nil, []byte("from call"), -1)
					case response:
						_ = proxywasm.ResumeHttpResponse()
					default:
						_ = proxywasm.ResumeHttpRequest()
					}
				})
			if err != nil {
				proxywasm.LogInfo("probe " + cb + " call error " + err.Error())
			}
		}
	}
	return act
}

func (c *ctx) OnHttpRequestHeaders(n int, eos bool) types.Action {
	c.script = map[string]string{}
	for _, cb := range []string{"rh", "rb", "rt", "sh", "sb", "st"} {
		v, _ := proxywasm.GetHttpRequestHeader("x-probe-" + cb)
		c.script[cb] = v
	}
	return c.run("rh", n, eos)
}

func (c *ctx) OnHttpRequestBody(n int, eos bool) types.Action     { return c.run("rb", n, eos) }
func (c *ctx) OnHttpRequestTrailers(n int) types.Action           { return c.run("rt", n, true) }
func (c *ctx) OnHttpResponseHeaders(n int, eos bool) types.Action { return c.run("sh", n, eos) }
func (c *ctx) OnHttpResponseBody(n int, eos bool) types.Action    { return c.run("sb", n, eos) }
func (c *ctx) OnHttpResponseTrailers(n int) types.Action          { return c.run("st", n, true) }
