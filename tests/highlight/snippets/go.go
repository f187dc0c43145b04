// Go 1.23: range over functions
package main

import (
	"fmt"
	"iter"
	"strings"
)

type Release struct {
	Name    string
	Version string
	Tags    []string
}

func (r *Release) String() string {
	return fmt.Sprintf("%s %s", r.Name, r.Version)
}

func Lines(s string) iter.Seq[string] {
	return func(yield func(string) bool) {
		for _, line := range strings.Split(s, "\n") {
			if !yield(line) {
				return
			}
		}
	}
}

func main() {
	notes := `first line
second line`
	for line := range Lines(notes) {
		fmt.Println(len(line), 3.14, 0x1F, nil)
	}
}
