package e2e

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// chromePath finds a Chromium or Chrome binary, or "".
func chromePath() string {
	if p := os.Getenv("PAPERWIRE_CHROME"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "headless-shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// newBrowser starts headless Chromium for one test. Without a browser the
// test skips, except in CI (CI=true), where that is a failure.
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	exe := chromePath()
	if exe == "" {
		msg := "no Chromium found (install it with: apt-get install -y chromium; or set PAPERWIRE_CHROME)"
		if os.Getenv("CI") == "true" {
			t.Fatal(msg + ": browser tests must run in CI")
		}
		t.Skip(msg)
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(exe),
		chromedp.NoSandbox,
		chromedp.Headless,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.UserDataDir(filepath.Join(t.TempDir(), "chrome-profile")),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-features", "Translate,MediaRouter,OptimizationHints"),
		chromedp.Flag("no-zygote", true),
		chromedp.WindowSize(1280, 900),
		chromedp.WSURLReadTimeout(60 * time.Second),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	// The first start after installing Chromium can be slow: give it a minute.
	ctx, cancelTimeout := context.WithTimeout(ctx, 3*time.Minute)
	t.Cleanup(func() {
		cancelTimeout()
		cancelCtx()
		cancelAlloc()
	})
	start := time.Now()
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatalf("start Chromium (%s): %v", exe, err)
	}
	t.Logf("Chromium started in %v", time.Since(start).Round(time.Millisecond))
	return ctx
}

// consoleErrors collects what a person would see in the browser console as
// problems: uncaught exceptions, console.error/warn calls and browser log
// errors (CSP violations, failed loads).
type consoleErrors struct {
	mu   sync.Mutex
	msgs []string
}

// watchConsole subscribes to the tab's error events; call before navigating.
func watchConsole(ctx context.Context) *consoleErrors {
	c := &consoleErrors{}
	exceptions := chromedp.Events(ctx, runtime.ExceptionThrown)
	calls := chromedp.Events(ctx, runtime.ConsoleAPICalled)
	entries := chromedp.Events(ctx, cdplog.EntryAdded)
	go func() {
		for ev, err := range exceptions {
			if err != nil {
				return
			}
			text := ev.ExceptionDetails.Text
			if ev.ExceptionDetails.Exception != nil {
				text += " " + ev.ExceptionDetails.Exception.Description
			}
			c.add("exception: " + text)
		}
	}()
	go func() {
		for ev, err := range calls {
			if err != nil {
				return
			}
			if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeWarning || ev.Type == runtime.ConsoleAPICalledTypeAssert {
				var parts []string
				for _, a := range ev.Args {
					parts = append(parts, string(a.Value)+a.Description)
				}
				c.add(fmt.Sprintf("console.%s: %s", ev.Type, strings.Join(parts, " ")))
			}
		}
	}()
	go func() {
		for ev, err := range entries {
			if err != nil {
				return
			}
			if ev.Entry.Level == cdplog.EntryLevelError || ev.Entry.Level == cdplog.EntryLevelWarning {
				c.add(fmt.Sprintf("log %s (%s): %s %s", ev.Entry.Level, ev.Entry.Source, ev.Entry.Text, ev.Entry.URL))
			}
		}
	}()
	return c
}

func (c *consoleErrors) add(s string) {
	c.mu.Lock()
	c.msgs = append(c.msgs, s)
	c.mu.Unlock()
}

func (c *consoleErrors) list() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.msgs...)
}

// saveScreenshot writes png under the test's temp dir (and PAPERWIRE_E2E_SCREENSHOTS if set).
func saveScreenshot(t *testing.T, dir, name string, png []byte) {
	t.Helper()
	dirs := []string{dir}
	if d := os.Getenv("PAPERWIRE_E2E_SCREENSHOTS"); d != "" {
		dirs = append(dirs, d)
	}
	for _, d := range dirs {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(d, name)
		if err := os.WriteFile(p, png, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("screenshot: %s", p)
	}
}
