package main

import (
	"runtime/debug"

	"github.com/paperwire/paperwire"
)

// paperwireVersion is the -ldflags version if set, else the module version or
// VCS revision the binary was built from.
func paperwireVersion() string {
	if paperwire.Version != "dev" {
		return paperwire.Version
	}
	if bi, ok := debug.ReadBuildInfo(); ok {
		if v := bi.Main.Version; v != "" && v != "(devel)" {
			return v
		}
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 {
				return "dev-" + s.Value[:12]
			}
		}
	}
	return "dev"
}
