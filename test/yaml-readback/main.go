// Command yaml-readback reads YAML streams the way kubectl does and prints
// the JSON that kubectl would send to the API server, one entry per document.
//
// kubectl (k8s.io/apimachinery/pkg/util/yaml) splits a stream into documents
// at each line that starts with "---" (a line being what bufio.ReadLine
// returns, so "\r\n" ends a line too) and turns each document into JSON with
// sigs.k8s.io/yaml YAMLToJSON (go-yaml v2); empty and null documents are left
// out. Built offline in GOPATH mode from Debian's golang-k8s-sigs-yaml-dev and
// golang-gopkg-yaml.v2-dev:
//
//	GO111MODULE=off GOPATH=/usr/share/gocode go build -o yaml-readback ./test/yaml-readback
//
// Usage: yaml-readback FILE... prints {"files":[{"path":...,"docs":[{"json":...}|{"error":...}]}]}.
// Unlike kubectl it goes on after a document that fails, so that one run
// reports on every document.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	"sigs.k8s.io/yaml"
)

type doc struct {
	JSON  json.RawMessage `json:"json,omitempty"`
	Error string          `json:"error,omitempty"`
}

type file struct {
	Path  string `json:"path"`
	Docs  []doc  `json:"docs"`
	Error string `json:"error,omitempty"`
}

// readLine is apimachinery's LineReader.Read: one line, always ending in "\n".
func readLine(r *bufio.Reader) ([]byte, error) {
	var buffer bytes.Buffer
	isPrefix, err := true, error(nil)
	var line []byte
	for isPrefix && err == nil {
		line, isPrefix, err = r.ReadLine()
		buffer.Write(line)
	}
	buffer.WriteByte('\n')
	return buffer.Bytes(), err
}

// readDocument is apimachinery's YAMLReader.Read.
func readDocument(r *bufio.Reader) ([]byte, error) {
	var buffer bytes.Buffer
	for {
		line, err := readLine(r)
		if err != nil && err != io.EOF {
			return nil, err
		}
		if bytes.Index(line, []byte("---")) == 0 {
			trimmed := strings.TrimSpace(string(line[3:]))
			if len(trimmed) > 0 && trimmed[0] != '#' {
				return nil, fmt.Errorf("invalid Yaml document separator: %s", trimmed)
			}
			if buffer.Len() != 0 {
				return buffer.Bytes(), nil
			}
			if err == io.EOF {
				return nil, err
			}
		}
		if err == io.EOF {
			if buffer.Len() != 0 {
				return buffer.Bytes(), nil
			}
			return nil, err
		}
		buffer.Write(line)
	}
}

func readFile(path string) file {
	result := file{Path: path, Docs: []doc{}}
	f, err := os.Open(path)
	if err != nil {
		result.Error = err.Error()
		return result
	}
	defer f.Close()
	r := bufio.NewReader(f)
	for {
		text, err := readDocument(r)
		if err == io.EOF {
			return result
		}
		if err != nil {
			result.Error = err.Error()
			return result
		}
		out, err := yaml.YAMLToJSON(text)
		if err != nil {
			result.Docs = append(result.Docs, doc{Error: err.Error()})
			continue
		}
		out = bytes.TrimSpace(out)
		if len(out) == 0 || bytes.Equal(out, []byte("null")) {
			continue
		}
		result.Docs = append(result.Docs, doc{JSON: out})
	}
}

func main() {
	files := []file{}
	for _, path := range os.Args[1:] {
		files = append(files, readFile(path))
	}
	out, err := json.Marshal(map[string][]file{"files": files})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Stdout.Write(out)
}
