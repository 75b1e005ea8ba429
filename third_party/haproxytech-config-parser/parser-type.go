/*
Copyright 2019 HAProxy Technologies

Licensed under the Apache License, Version 2.0 (the "License");
you may not use this file except in compliance with the License.
You may obtain a copy of the License at

    http://www.apache.org/licenses/LICENSE-2.0

Unless required by applicable law or agreed to in writing, software
distributed under the License is distributed on an "AS IS" BASIS,
WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
See the License for the specific language governing permissions and
limitations under the License.
*/

package parser

import (
	"reflect"

	"github.com/yodeldeploy/yodel/third_party/haproxytech-config-parser/common"
	"github.com/yodeldeploy/yodel/third_party/haproxytech-config-parser/errors"
)

type ParserInterface interface { //nolint:revive
	Init()
	Parse(line string, parts []string, comment string) (changeState string, err error)
	PreParse(line string, parts []string, preComments []string, comment string) (changeState string, err error)
	GetParserName() string
	Get(createIfNotExist bool) (common.ParserData, error)
	GetPreComments() ([]string, error)
	GetOne(index int) (common.ParserData, error)
	Delete(index int) error
	Insert(data common.ParserData, index int) error
	Set(data common.ParserData, index int) error
	SetPreComments(preComment []string)
	ResultAll() ([]common.ReturnResultLine, []string, error)
}

type Parsers struct {
	Parsers            map[string]ParserInterface
	ParserSequence     []Section
	PreComments        []string
	PostComments       []string
	DefaultSectionName string
	// proto, when set, is the full parser set of the section's kind: a
	// parser missing from Parsers is made from it on first use (see
	// lazySection). nil: Parsers is the full set.
	proto map[string]ParserInterface
}

// fresh is a new, empty parser of proto's type and configuration: a copy
// of proto (its configuration fields, such as a simple parser's Name) made
// empty again by Init, as createParsers does to every parser.
func fresh(proto ParserInterface) ParserInterface {
	v := reflect.ValueOf(proto).Elem()
	n := reflect.New(v.Type())
	n.Elem().Set(v)
	x := n.Interface().(ParserInterface) //nolint:forcetypeassert
	x.Init()
	return x
}

// parser returns the section's parser for attribute, making it from the
// prototype on first use.
func (p *Parsers) parser(attribute string) (ParserInterface, bool) {
	if x, ok := p.Parsers[attribute]; ok {
		return x, true
	}
	proto, ok := p.proto[attribute]
	if !ok {
		return nil, false
	}
	x := fresh(proto)
	p.Parsers[attribute] = x
	return x, true
}

// peek is parser for reads: a parser not used yet answers as an empty one
// would, without being kept.
func (p *Parsers) peek(attribute string) (ParserInterface, bool) {
	if x, ok := p.Parsers[attribute]; ok {
		return x, true
	}
	proto, ok := p.proto[attribute]
	if !ok {
		return nil, false
	}
	return fresh(proto), true
}

func (p *Parsers) Get(attribute string, createIfNotExist ...bool) (common.ParserData, error) {
	createNew := false
	if len(createIfNotExist) > 0 && createIfNotExist[0] {
		createNew = true
	}
	lookup := p.peek
	if createNew {
		lookup = p.parser
	}
	if parser, ok := lookup(attribute); ok {
		return parser.Get(createNew)
	}

	return nil, errors.ErrParserMissing
}

func (p *Parsers) GetPreComments(attribute string) ([]string, error) {
	if parser, ok := p.peek(attribute); ok {
		return parser.GetPreComments()
	}

	return nil, errors.ErrParserMissing
}

func (p *Parsers) GetOne(attribute string, index ...int) (common.ParserData, error) {
	setIndex := -1
	if len(index) > 0 && index[0] > -1 {
		setIndex = index[0]
	}
	if parser, ok := p.peek(attribute); ok {
		return parser.GetOne(setIndex)
	}

	return nil, errors.ErrParserMissing
}

// HasParser checks if we have a parser for attribute
func (p *Parsers) HasParser(attribute string) bool {
	_, hasParser := p.Parsers[attribute]
	if !hasParser {
		_, hasParser = p.proto[attribute]
	}
	return hasParser
}

// Set sets data in parser, if you can have multiple items, index is a must
func (p *Parsers) Set(attribute string, data common.ParserData, index ...int) error {
	setIndex := -1
	if len(index) > 0 && index[0] > -1 {
		setIndex = index[0]
	}
	lookup := p.parser
	if data == nil {
		// Clearing a parser never used leaves it empty: nothing to keep
		// (client-native clears every attribute a model leaves unset).
		lookup = p.peek
	}
	if parser, ok := lookup(attribute); ok {
		return parser.Set(data, setIndex)
	}

	return errors.ErrAttributeNotFound
}

// SetPreComments sets comment lines before parser
func (p *Parsers) SetPreComments(attribute string, preComment []string) error {
	if parser, ok := p.parser(attribute); ok {
		parser.SetPreComments(preComment)
		return nil
	}

	return errors.ErrAttributeNotFound
}

func (p *Parsers) Insert(attribute string, data common.ParserData, index ...int) error {
	setIndex := -1
	if len(index) > 0 && index[0] > -1 {
		setIndex = index[0]
	}
	if parser, ok := p.parser(attribute); ok {
		return parser.Insert(data, setIndex)
	}

	return errors.ErrAttributeNotFound
}

func (p *Parsers) Delete(attribute string, index ...int) error {
	setIndex := -1
	if len(index) > 0 && index[0] > -1 {
		setIndex = index[0]
	}
	// A delete leaves a parser never used empty: nothing to keep.
	if parser, ok := p.peek(attribute); ok {
		return parser.Delete(setIndex)
	}

	return errors.ErrAttributeNotFound
}
