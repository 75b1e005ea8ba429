package discovery

import (
	"bytes"
	"encoding/json"
	"sort"
	"strings"
)

// Instance is Curator's ServiceInstance (org.apache.curator.x.discovery)
// as its JsonInstanceSerializer writes it, field for field and in its
// order: Jackson writes the bean's properties in declaration order, the
// payload with its Java class (@JsonTypeInfo(use=CLASS)), and never the
// "enabled" property (Curator 5 hides it for clients from before
// CURATOR-275). The tests compare with what the library itself writes.
type Instance struct {
	Name    string  `json:"name"`
	ID      string  `json:"id"`
	Address string  `json:"address"`
	Port    *int    `json:"port"`
	SSLPort *int    `json:"sslPort"`
	Payload Payload `json:"payload"`
	// RegistrationTimeUTC is milliseconds since the epoch.
	RegistrationTimeUTC int64    `json:"registrationTimeUTC"`
	ServiceType         string   `json:"serviceType"`
	URISpec             *URISpec `json:"uriSpec"`
}

// ServiceTypeDynamic is Curator's ServiceType.DYNAMIC: an instance that
// lives as long as the session that registered it (an ephemeral node).
const ServiceTypeDynamic = "DYNAMIC"

// payloadClass is the Java class Jackson names for a map payload: Curator
// clients built with JsonInstanceSerializer<Map> (or Object) read it back
// as a map, and a payload without it would not survive a client's
// re-serialization.
const payloadClass = "java.util.LinkedHashMap"

// Payload is the instance's payload: a JSON object of strings, written as
// Jackson writes a LinkedHashMap (its class first, then the keys; yodel
// sorts them so that the bytes are the same on every agent).
type Payload map[string]string

// MarshalJSON writes {"@class":"java.util.LinkedHashMap", keys sorted...}.
func (p Payload) MarshalJSON() ([]byte, error) {
	if p == nil {
		return []byte("null"), nil
	}
	keys := make([]string, 0, len(p))
	for k := range p {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b bytes.Buffer
	b.WriteString(`{"@class":"` + payloadClass + `"`)
	for _, k := range keys {
		kb, _ := json.Marshal(k)
		vb, _ := json.Marshal(p[k])
		b.WriteByte(',')
		b.Write(kb)
		b.WriteByte(':')
		b.Write(vb)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// UnmarshalJSON reads a payload written by MarshalJSON or by Curator,
// dropping the class.
func (p *Payload) UnmarshalJSON(data []byte) error {
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		return err
	}
	if m == nil {
		*p = nil
		return nil
	}
	out := make(Payload, len(m))
	for k, v := range m {
		if k == "@class" {
			continue
		}
		if s, ok := v.(string); ok {
			out[k] = s
		} else {
			b, _ := json.Marshal(v)
			out[k] = string(b)
		}
	}
	*p = out
	return nil
}

// URISpec is Curator's UriSpec: a template such as
// "{scheme}://{address}:{port}" cut into literal and variable parts.
type URISpec struct {
	Parts []URIPart `json:"parts"`
}

// URIPart is one part of a URISpec.
type URIPart struct {
	Value    string `json:"value"`
	Variable bool   `json:"variable"`
}

// ParseURISpec cuts a template as Curator's UriSpec(String) does: text in
// braces is a variable, the rest literal, empty parts dropped. nil for "".
func ParseURISpec(s string) *URISpec {
	if s == "" {
		return nil
	}
	spec := &URISpec{Parts: []URIPart{}}
	for s != "" {
		open := strings.IndexByte(s, '{')
		if open < 0 {
			spec.Parts = append(spec.Parts, URIPart{Value: s})
			break
		}
		if open > 0 {
			spec.Parts = append(spec.Parts, URIPart{Value: s[:open]})
		}
		end := strings.IndexByte(s[open:], '}')
		if end < 0 { // unbalanced (the manifest refuses it): literal
			spec.Parts = append(spec.Parts, URIPart{Value: s[open:]})
			break
		}
		if v := s[open+1 : open+end]; v != "" {
			spec.Parts = append(spec.Parts, URIPart{Value: v, Variable: true})
		}
		s = s[open+end+1:]
	}
	return spec
}

// Marshal is the node's data.
func (in Instance) Marshal() []byte {
	b, _ := json.Marshal(in)
	return b
}
